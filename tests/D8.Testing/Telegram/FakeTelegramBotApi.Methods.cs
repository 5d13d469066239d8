using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace D8.Testing.Telegram;

public sealed partial class FakeTelegramBotApi
{
    private const int MaxMessageLength = 4096;
    private const int MaxCallbackDataBytes = 64;

    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        var prefix = $"/bot{Token}/";
        if (!path.StartsWith("/bot", StringComparison.Ordinal))
        {
            await ErrorAsync(context, 404, "Not Found");
            return;
        }

        if (!path.StartsWith(prefix, StringComparison.Ordinal))
        {
            await ErrorAsync(context, 401, "Unauthorized");
            return;
        }

        var method = path[prefix.Length..];
        var body = await ReadParametersAsync(context.Request);
        bool fail;
        lock (_gate)
        {
            _calls.Add(new FakeBotApiCall(_calls.Count + 1, method, body));
            fail = _methodFailures.TryGetValue(method, out var left) && left > 0;
            if (fail)
            {
                _methodFailures[method] = left - 1;
            }

            Signal();
        }

        if (fail)
        {
            await ErrorAsync(context, 500, "Internal Server Error: injected by the test");
            return;
        }

        try
        {
            switch (method.ToUpperInvariant())
            {
                case "GETME":
                    await OkAsync(context, BotUser());
                    break;
                case "DELETEWEBHOOK":
                    await OkAsync(context, true);
                    break;
                case "GETUPDATES":
                    await GetUpdatesAsync(context, body);
                    break;
                case "SENDMESSAGE":
                    await OkAsync(context, SendMessage(body));
                    break;
                case "EDITMESSAGETEXT":
                    await OkAsync(context, Edit(body, changeText: true));
                    break;
                case "EDITMESSAGEREPLYMARKUP":
                    await OkAsync(context, Edit(body, changeText: false));
                    break;
                case "ANSWERCALLBACKQUERY":
                    lock (_gate)
                    {
                        _answeredCallbacks.Add(Text(body, "callback_query_id") ?? throw new BadRequestException("callback_query_id is empty"));
                        Signal();
                    }

                    await OkAsync(context, true);
                    break;
                default:
                    await ErrorAsync(context, 404, "Not Found: method not found");
                    break;
            }
        }
        catch (BadRequestException ex)
        {
            await ErrorAsync(context, 400, $"Bad Request: {ex.Message}");
        }
    }

    private async Task GetUpdatesAsync(HttpContext context, JsonObject body)
    {
        var offset = Number(body, "offset") ?? 0;
        var limit = (int)Math.Clamp(Number(body, "limit") ?? 100, 1, 100);
        var timeout = TimeSpan.FromSeconds(Math.Max(0, Number(body, "timeout") ?? 0));
        FakeBotApiFailure? failure;
        lock (_gate)
        {
            _getUpdatesFailures.TryDequeue(out failure);
        }

        switch (failure?.Kind)
        {
            case FakeBotApiFailureKind.Conflict:
                await ErrorAsync(context, 409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running");
                return;
            case FakeBotApiFailureKind.TooManyRequests:
                await ErrorAsync(
                    context,
                    429,
                    $"Too Many Requests: retry after {failure.RetryAfterSeconds}",
                    new JsonObject { ["retry_after"] = failure.RetryAfterSeconds });
                return;
            case FakeBotApiFailureKind.NetworkFailure:
                context.Abort();
                return;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        deadline.CancelAfter(timeout);
        while (true)
        {
            Task changed;
            JsonArray result;
            lock (_gate)
            {
                if (offset > 0)
                {
                    // As Telegram: an offset confirms (and forgets) every update below it.
                    _pendingUpdates.RemoveAll(u => u["update_id"]!.GetValue<int>() < offset);
                    if (offset > _confirmedOffset)
                    {
                        _confirmedOffset = offset;
                        Signal();
                    }
                }

                result = [.. _pendingUpdates.Take(limit).Select(u => u.DeepClone())];
                changed = _changed.Task;
            }

            if (result.Count > 0 || deadline.IsCancellationRequested)
            {
                await OkAsync(context, result);
                return;
            }

            try
            {
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                return;
            }
            catch (OperationCanceledException)
            {
                // Long-poll timeout: loop once more and answer whatever is there (usually nothing).
            }
        }
    }

    private JsonObject SendMessage(JsonObject body)
    {
        var chatId = Number(body, "chat_id") ?? throw new BadRequestException("chat not found");
        var text = Text(body, "text") ?? string.Empty;
        var parseMode = Text(body, "parse_mode");
        var markup = Markup(body);
        Validate(text, parseMode, markup);
        lock (_gate)
        {
            var message = new FakeChatMessage(chatId, _nextMessageId++, text, parseMode, markup, 0);
            _messages[(chatId, message.MessageId)] = message;
            _messageOrder.Add((chatId, message.MessageId));
            Signal();
            return MessageJson(message);
        }
    }

    private JsonObject Edit(JsonObject body, bool changeText)
    {
        var chatId = Number(body, "chat_id") ?? throw new BadRequestException("chat not found");
        var messageId = (int)(Number(body, "message_id") ?? throw new BadRequestException("message identifier is not specified"));
        lock (_gate)
        {
            if (!_messages.TryGetValue((chatId, messageId), out var message))
            {
                throw new BadRequestException("message to edit not found");
            }

            var text = changeText ? Text(body, "text") ?? string.Empty : message.Text;
            var parseMode = changeText ? Text(body, "parse_mode") : message.ParseMode;
            var markup = Markup(body);
            Validate(text, parseMode, markup);
            if (text == message.Text && parseMode == message.ParseMode && JsonNode.DeepEquals(markup, message.ReplyMarkup))
            {
                // What the real Bot API answers when an edit changes nothing.
                throw new BadRequestException("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message");
            }

            var edited = message with { Text = text, ParseMode = parseMode, ReplyMarkup = markup, EditCount = message.EditCount + 1 };
            _messages[(chatId, messageId)] = edited;
            Signal();
            return MessageJson(edited);
        }
    }

    private static void Validate(string text, string? parseMode, JsonObject? markup)
    {
        string visible;
        try
        {
            visible = string.Equals(parseMode, "HTML", StringComparison.OrdinalIgnoreCase) ? TelegramHtml.ToVisibleText(text) : text;
        }
        catch (FormatException ex)
        {
            throw new BadRequestException(ex.Message);
        }

        if (visible.Trim().Length == 0)
        {
            throw new BadRequestException("message text is empty");
        }

        if (visible.Length > MaxMessageLength)
        {
            throw new BadRequestException("message is too long");
        }

        var message = new FakeChatMessage(0, 0, text, parseMode, markup, 0);
        if (message.Buttons.Any(b => b.CallbackData is { } data && Encoding.UTF8.GetByteCount(data) is 0 or > MaxCallbackDataBytes))
        {
            throw new BadRequestException("BUTTON_DATA_INVALID");
        }
    }

    private static JsonObject MessageJson(FakeChatMessage message)
    {
        var json = new JsonObject
        {
            ["message_id"] = message.MessageId,
            ["date"] = UnixNow(),
            ["chat"] = Chat(message.ChatId, "Owner"),
            ["from"] = BotUser(),
            ["text"] = message.VisibleText,
        };
        if (message.EditCount > 0)
        {
            json["edit_date"] = UnixNow();
        }

        if (message.ReplyMarkup is not null)
        {
            json["reply_markup"] = message.ReplyMarkup.DeepClone();
        }

        return json;
    }

    private static JsonObject? Markup(JsonObject body) => body["reply_markup"] switch
    {
        JsonObject markup => (JsonObject)markup.DeepClone(),
        JsonValue value when value.TryGetValue<string>(out var text) && text.Length > 0 => JsonNode.Parse(text) as JsonObject,
        _ => null,
    };

    private static string? Text(JsonObject body, string name) => body[name] switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        var node => node.ToJsonString(),
    };

    private static long? Number(JsonObject body, string name) =>
        long.TryParse(Text(body, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : null;

    private static async Task<JsonObject> ReadParametersAsync(HttpRequest request)
    {
        var parameters = new JsonObject();
        foreach (var (key, value) in request.Query)
        {
            parameters[key] = value.ToString();
        }

        if (request.HasJsonContentType())
        {
            var body = await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            foreach (var (key, value) in body as JsonObject ?? [])
            {
                parameters[key] = value?.DeepClone();
            }
        }
        else if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            foreach (var (key, value) in form)
            {
                parameters[key] = value.ToString();
            }
        }

        return parameters;
    }

    private static Task OkAsync(HttpContext context, JsonNode result) =>
        WriteAsync(context, 200, new JsonObject { ["ok"] = true, ["result"] = result });

    private static Task ErrorAsync(HttpContext context, int code, string description, JsonObject? parameters = null)
    {
        var body = new JsonObject { ["ok"] = false, ["error_code"] = code, ["description"] = description };
        if (parameters is not null)
        {
            body["parameters"] = parameters;
        }

        return WriteAsync(context, code, body);
    }

    private static async Task WriteAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(JsonOptions), context.RequestAborted);
    }

    private sealed class BadRequestException(string message) : Exception(message);
}
