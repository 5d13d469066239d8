using D8.Distributed.Core;
using D8.HumanRequests;
using D8.Testing;
using D8.Testing.Telegram;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace D8.Telegram.Tests.Support;

/// <summary>
/// A real host with the real human-requests manager (JSON store in a temp directory) and the Telegram bot, talking
/// through the real <c>TelegramBotClient</c> to the fake Bot API server.
/// </summary>
public sealed class TelegramBotHarness : IAsyncDisposable
{
    public const long OwnerChat = 111_111;
    public const long SecondChat = 222_222;
    public const long StrangerChat = 999_999;

    /// <summary>The master's commit in <c>withMaster</c> hosts: the one the fake slave reports by default.</summary>
    public const string MasterCommit = "abc1234def";

    private readonly TempDirectory? _ownedData;
    private readonly bool _ownsFake;
    private readonly IHost _host;

    private TelegramBotHarness(FakeTelegramBotApi fake, bool ownsFake, string dataDirectory, TempDirectory? ownedData, IHost host, CollectingLoggerProvider logs)
    {
        Fake = fake;
        _ownsFake = ownsFake;
        DataDirectory = dataDirectory;
        _ownedData = ownedData;
        _host = host;
        Logs = logs;
    }

    /// <summary>The data directory (requests.json lives under it); pass it to another harness to restart on the same
    /// store.</summary>
    public string DataDirectory { get; }

    public FakeTelegramBotApi Fake { get; }

    public CollectingLoggerProvider Logs { get; }

    public IHumanRequestManager Manager => _host.Services.GetRequiredService<IHumanRequestManager>();

    public IServiceProvider Services => _host.Services;

    public string StorePath => Path.Combine(DataDirectory, "human_requests", "requests.json");

    public static async Task<TelegramBotHarness> StartAsync(
        string language = "es",
        TimeProvider? timeProvider = null,
        Action<D8TelegramOptions>? configure = null,
        Action<D8HumanRequestsOptions>? configureRequests = null,
        Action<FakeTelegramBotApi>? arrange = null,
        bool withMaster = false,
        LogLevel minimumLevel = LogLevel.Debug,
        Action<IServiceCollection>? services = null,
        FakeTelegramBotApi? sharedFake = null,
        string? sharedDataDirectory = null)
    {
        // A shared fake and data directory (a restart on the same store and chats) stay with their owner.
        var fake = sharedFake ?? await FakeTelegramBotApi.StartAsync();
        arrange?.Invoke(fake);
        var ownedData = sharedDataDirectory is null ? new TempDirectory("d8-telegram") : null;
        var dataPath = sharedDataDirectory ?? ownedData!.Path;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(minimumLevel);
        var logs = new CollectingLoggerProvider();
        builder.Logging.AddProvider(logs);
        if (timeProvider is not null)
        {
            builder.Services.AddSingleton(timeProvider);
        }

        builder.Services.AddD8HumanRequests(options =>
        {
            options.DataDirectory = dataPath;
            configureRequests?.Invoke(options);
        });
        if (withMaster)
        {
            builder.Services.AddD8Master(options =>
            {
                options.Token = "test-token";
                options.DataDirectory = dataPath;
                options.Commit = MasterCommit;
                options.HealthCheckInterval = TimeSpan.FromHours(1);
                options.HealthCheckTimeout = TimeSpan.FromSeconds(5);
                options.Resilience.RetryBaseDelay = TimeSpan.Zero;
                options.Resilience.UseJitter = false;
                options.Resilience.AttemptTimeout = TimeSpan.FromSeconds(5);
            });
        }

        builder.Services.AddD8Telegram(options =>
        {
            options.BotToken = fake.Token;
            options.ApiBaseUrl = new Uri(fake.BaseUrl);
            options.AuthorizedChatIds.Add(OwnerChat);
            options.AuthorizedChatIds.Add(SecondChat);
            options.Language = language;
            options.PollingTimeout = TimeSpan.FromSeconds(10);
            configure?.Invoke(options);
        });
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new TelegramBotHarness(fake, sharedFake is null, dataPath, ownedData, host, logs);
    }

    /// <summary>Sends a message as a user and waits until the bot has processed it (it asked for the next update);
    /// returns what the bot sent to that chat meanwhile.</summary>
    public async Task<IReadOnlyList<FakeChatMessage>> SayAsync(long chatId, string text, string firstName = "Leo", string? username = "leo")
    {
        var before = Fake.Messages.Count;
        var updateId = Fake.EnqueueMessage(chatId, text, firstName, username);
        await Fake.WaitUntilAsync(f => f.ConfirmedOffset > updateId, $"the bot to process '{text}'");
        return [.. Fake.Messages.Skip(before).Where(m => m.ChatId == chatId)];
    }

    /// <summary>Like <see cref="SayAsync"/> for a one-message reply; returns its visible text.</summary>
    public async Task<string> ReplyToAsync(long chatId, string text)
    {
        var replies = await SayAsync(chatId, text);
        return Assert.Single(replies).VisibleText;
    }

    /// <summary>Presses a button and waits until the bot processed the press.</summary>
    public async Task<string> PressAsync(long chatId, int messageId, string data)
    {
        var queryId = Fake.EnqueueCallbackQuery(chatId, messageId, data, "Leo", "leo");
        var updateId = Fake.LastUpdateId;
        await Fake.WaitUntilAsync(f => f.ConfirmedOffset > updateId, $"the bot to process the press of '{data}'");
        return queryId;
    }

    /// <summary>Waits until the outbox has settled every request's notification (sent, or obsolete), so no
    /// notification message arrives in the middle of a later command's replies.</summary>
    public Task WaitForNotificationsAsync() =>
        D8.Testing.Poll.UntilAsync(
            async () => (await Manager.ListAsync()).All(r => r.Notification?.Notified == true),
            "every request's notification to be settled");

    public Task<string> ReadStoreAsync() => File.ReadAllTextAsync(StorePath);

    public async ValueTask DisposeAsync()
    {
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await _host.StopAsync(stop.Token);
        }

        _host.Dispose();
        if (_ownsFake)
        {
            await Fake.DisposeAsync();
        }

        _ownedData?.Dispose();
    }
}
