using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace D8.Testing.Telegram;

/// <summary>
/// An in-process fake of the Telegram Bot API (Kestrel on 127.0.0.1, port 0) for the real <c>TelegramBotClient</c>:
/// <c>getMe</c>, <c>getUpdates</c> with real long-poll and offset semantics, <c>sendMessage</c>,
/// <c>editMessageText</c>, <c>editMessageReplyMarkup</c>, <c>answerCallbackQuery</c>, <c>deleteWebhook</c>.
/// Tests enqueue user messages and button presses, inject <c>getUpdates</c> failures, and await what the bot sent.
/// </summary>
public sealed partial class FakeTelegramBotApi : IAsyncDisposable
{
    /// <summary>A well-formed token the fake accepts by default.</summary>
    public const string DefaultToken = "123456:TEST-fake-token";

    /// <summary>The bot's user id (the token's first part).</summary>
    public const long BotUserId = 123456;

    /// <summary>The bot's user name, as <c>getMe</c> reports it.</summary>
    public const string BotUsername = "d8_test_bot";

    private readonly Lock _gate = new();
    private readonly List<FakeBotApiCall> _calls = [];
    private readonly List<JsonObject> _pendingUpdates = [];
    private readonly Queue<FakeBotApiFailure> _getUpdatesFailures = new();
    private readonly Dictionary<string, int> _methodFailures = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<(long Chat, int Id), FakeChatMessage> _messages = [];
    private readonly List<(long Chat, int Id)> _messageOrder = [];
    private readonly List<string> _answeredCallbacks = [];
    private readonly WebApplication _app;
    private TaskCompletionSource _changed = NewSignal();
    private int _nextUpdateId = 1000;
    private int _nextMessageId = 1;
    private int _nextCallbackId = 1;
    private long _confirmedOffset;

    private FakeTelegramBotApi(WebApplication app, string token)
    {
        _app = app;
        Token = token;
    }

    /// <summary>The token the fake accepts; calls with another token get 401.</summary>
    public string Token { get; }

    /// <summary>The base URL to give the bot client (<c>http://127.0.0.1:PORT</c>).</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>Every call received so far, in arrival order.</summary>
    public IReadOnlyList<FakeBotApiCall> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>Every message the bot sent, in its current state, in sending order.</summary>
    public IReadOnlyList<FakeChatMessage> Messages
    {
        get
        {
            lock (_gate)
            {
                return [.. _messageOrder.Select(key => _messages[key])];
            }
        }
    }

    /// <summary>The callback query ids the bot answered.</summary>
    public IReadOnlyList<string> AnsweredCallbackQueries
    {
        get
        {
            lock (_gate)
            {
                return [.. _answeredCallbacks];
            }
        }
    }

    /// <summary>The highest offset a <c>getUpdates</c> call confirmed (updates below it are forgotten).</summary>
    public long ConfirmedOffset
    {
        get
        {
            lock (_gate)
            {
                return _confirmedOffset;
            }
        }
    }

    /// <summary>Starts a fake server on a free loopback port.</summary>
    public static async Task<FakeTelegramBotApi> StartAsync(string token = DefaultToken, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var fake = new FakeTelegramBotApi(app, token);
        app.Run(fake.HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        fake.BaseUrl = address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal);
        return fake;
    }

    /// <summary>The id of the last update enqueued (message or button press).</summary>
    public int LastUpdateId
    {
        get
        {
            lock (_gate)
            {
                return _nextUpdateId - 1;
            }
        }
    }

    /// <summary>Number of calls of <paramref name="method"/> received so far.</summary>
    public int CountCalls(string method)
    {
        lock (_gate)
        {
            return _calls.Count(c => string.Equals(c.Method, method, StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>Queues a text message from a user in <paramref name="chatId"/>; returns its update id.</summary>
    public int EnqueueMessage(long chatId, string text, string firstName = "Owner", string? username = "owner", long? userId = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        lock (_gate)
        {
            var updateId = _nextUpdateId++;
            var message = new JsonObject
            {
                ["message_id"] = _nextMessageId++,
                ["date"] = UnixNow(),
                ["chat"] = Chat(chatId, firstName),
                ["from"] = User(userId ?? chatId, firstName, username),
                ["text"] = text,
            };
            if (text.StartsWith('/'))
            {
                var length = text.IndexOf(' ', StringComparison.Ordinal) is var space and >= 0 ? space : text.Length;
                message["entities"] = new JsonArray(new JsonObject { ["type"] = "bot_command", ["offset"] = 0, ["length"] = length });
            }

            AddUpdate(new JsonObject { ["update_id"] = updateId, ["message"] = message });
            return updateId;
        }
    }

    /// <summary>
    /// Queues a press on an inline button of the bot's message <paramref name="messageId"/> in <paramref name="chatId"/>;
    /// returns the callback query id the bot must answer.
    /// </summary>
    public string EnqueueCallbackQuery(long chatId, int messageId, string data, string firstName = "Owner", string? username = "owner", long? userId = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        lock (_gate)
        {
            var id = $"cbq-{_nextCallbackId++}";
            var message = _messages.TryGetValue((chatId, messageId), out var sent)
                ? MessageJson(sent)
                : new JsonObject { ["message_id"] = messageId, ["date"] = UnixNow(), ["chat"] = Chat(chatId, firstName), ["text"] = string.Empty };
            AddUpdate(new JsonObject
            {
                ["update_id"] = _nextUpdateId++,
                ["callback_query"] = new JsonObject
                {
                    ["id"] = id,
                    ["from"] = User(userId ?? chatId, firstName, username),
                    ["message"] = message,
                    ["chat_instance"] = $"ci-{chatId}",
                    ["data"] = data,
                },
            });
            return id;
        }
    }

    /// <summary>The next <c>getUpdates</c> calls answer these failures, one per call, in order.</summary>
    public void FailNextGetUpdates(params FakeBotApiFailure[] failures)
    {
        ArgumentNullException.ThrowIfNull(failures);
        lock (_gate)
        {
            foreach (var failure in failures)
            {
                _getUpdatesFailures.Enqueue(failure);
            }
        }
    }

    /// <summary>The next <paramref name="count"/> calls of <paramref name="method"/> fail with HTTP 500
    /// (<c>{"ok":false,"error_code":500}</c>), e.g. to make a reply of the bot fail.</summary>
    public void FailNextCalls(string method, int count = 1)
    {
        ArgumentNullException.ThrowIfNull(method);
        lock (_gate)
        {
            _methodFailures[method] = count;
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds, re-checking on every call the fake receives.</summary>
    public async Task WaitUntilAsync(Func<FakeTelegramBotApi, bool> condition, string what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var limit = timeout ?? Poll.DefaultTimeout;
        using var deadline = new CancellationTokenSource(limit);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                changed = _changed.Task;
            }

            if (condition(this))
            {
                return;
            }

            try
            {
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Timed out after {limit.TotalSeconds:0.#} s waiting for: {what}. Calls so far: {Describe()}");
            }
        }
    }

    /// <summary>Waits for a message the bot sent to <paramref name="chatId"/> that matches <paramref name="match"/>.</summary>
    public async Task<FakeChatMessage> WaitForMessageAsync(long chatId, Func<FakeChatMessage, bool>? match = null, TimeSpan? timeout = null)
    {
        FakeChatMessage? found = null;
        await WaitUntilAsync(
            fake =>
            {
                found = fake.Messages.FirstOrDefault(m => m.ChatId == chatId && (match?.Invoke(m) ?? true));
                return found is not null;
            },
            $"a message to chat {chatId}",
            timeout);
        return found!;
    }

    /// <summary>Waits for the <paramref name="count"/>-th call of <paramref name="method"/> and returns it.</summary>
    public async Task<FakeBotApiCall> WaitForCallAsync(string method, int count = 1, TimeSpan? timeout = null)
    {
        await WaitUntilAsync(fake => fake.CountCalls(method) >= count, $"{count} call(s) of {method}", timeout);
        lock (_gate)
        {
            return _calls.Where(c => string.Equals(c.Method, method, StringComparison.OrdinalIgnoreCase)).ElementAt(count - 1);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private string Describe()
    {
        lock (_gate)
        {
            return string.Join(", ", _calls.GroupBy(c => c.Method).Select(g => $"{g.Key}×{g.Count()}"))
                + $"; messages: {string.Join(" | ", _messageOrder.Select(k => _messages[k].Text.Length > 60 ? _messages[k].Text[..60] : _messages[k].Text))}";
        }
    }

    private void AddUpdate(JsonObject update)
    {
        _pendingUpdates.Add(update);
        Signal();
    }

    // Called under _gate: wakes every waiter (tests and long polls) to re-check its condition.
    private void Signal()
    {
        var previous = _changed;
        _changed = NewSignal();
        previous.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static long UnixNow() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    private static JsonObject Chat(long chatId, string firstName) => chatId > 0
        ? new JsonObject { ["id"] = chatId, ["type"] = "private", ["first_name"] = firstName }
        : new JsonObject { ["id"] = chatId, ["type"] = "group", ["title"] = "Group" };

    private static JsonObject User(long id, string firstName, string? username)
    {
        var user = new JsonObject { ["id"] = id, ["is_bot"] = false, ["first_name"] = firstName };
        if (username is not null)
        {
            user["username"] = username;
        }

        return user;
    }

    private static JsonObject BotUser() => new()
    {
        ["id"] = BotUserId,
        ["is_bot"] = true,
        ["first_name"] = "D8 Test Bot",
        ["username"] = BotUsername,
    };
}
