using D8.Testing.Telegram;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace D8.Telegram.Tests.FakeServer;

/// <summary>The fake Bot API behaves like Telegram for the real client, or the other tests prove nothing.</summary>
public sealed class FakeTelegramBotApiTests : IAsyncLifetime, IDisposable
{
    private FakeTelegramBotApi _fake = null!;
    private readonly HttpClient _http = new();
    private TelegramBotClient _client = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeTelegramBotApi.StartAsync();
        _client = new TelegramBotClient(new TelegramBotClientOptions(_fake.Token, _fake.BaseUrl) { RetryCount = 0 }, _http);
    }

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task GetMe_RealClient_ReturnsBotUser()
    {
        var me = await _client.GetMe();

        Assert.Equal(FakeTelegramBotApi.BotUserId, me.Id);
        Assert.Equal(FakeTelegramBotApi.BotUsername, me.Username);
        Assert.True(me.IsBot);
    }

    [Fact]
    public async Task GetUpdates_NothingQueued_WaitsForUpdateEnqueuedDuringLongPoll()
    {
        var poll = _client.GetUpdates(offset: 0, timeout: 30);
        await _fake.WaitForCallAsync("getUpdates");
        Assert.False(poll.IsCompleted);

        var updateId = _fake.EnqueueMessage(42, "/ayuda");
        var updates = await poll.WaitAsync(TimeSpan.FromSeconds(20));

        var update = Assert.Single(updates);
        Assert.Equal(updateId, update.Id);
        Assert.Equal(42, update.Message!.Chat.Id);
        Assert.Equal("/ayuda", update.Message.Text);
        Assert.Equal(MessageEntityType.BotCommand, Assert.Single(update.Message.Entities!).Type);
    }

    [Fact]
    public async Task GetUpdates_TimeoutZeroAndNothingQueued_ReturnsEmptyAtOnce()
    {
        var updates = await _client.GetUpdates(offset: 0, timeout: 0);

        Assert.Empty(updates);
    }

    [Fact]
    public async Task GetUpdates_LongPollTimeoutExpires_ReturnsEmpty()
    {
        var updates = await _client.GetUpdates(offset: 0, timeout: 1).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Empty(updates);
    }

    [Fact]
    public async Task SendMessage_FormBody_IsAcceptedLikeJson()
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["chat_id"] = "42", ["text"] = "hola & adiós" });

        using var response = await _http.PostAsync($"{_fake.BaseUrl}/bot{_fake.Token}/sendMessage", form);
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.IsSuccessStatusCode, body);
        Assert.Contains("\"ok\":true", body, StringComparison.Ordinal);
        var message = Assert.Single(_fake.Messages);
        Assert.Equal((42L, "hola & adiós"), (message.ChatId, message.Text));
    }

    [Fact]
    public async Task GetUpdates_OffsetAboveUpdate_DropsConfirmedUpdates()
    {
        var first = _fake.EnqueueMessage(42, "one");
        var second = _fake.EnqueueMessage(42, "two");

        var all = await _client.GetUpdates(offset: 0, timeout: 0);
        var rest = await _client.GetUpdates(offset: first + 1, timeout: 0);
        var none = await _client.GetUpdates(offset: second + 1, timeout: 0);

        Assert.Equal([first, second], all.Select(u => u.Id));
        Assert.Equal([second], rest.Select(u => u.Id));
        Assert.Empty(none);
        Assert.Equal(second + 1, _fake.ConfirmedOffset);
    }

    [Fact]
    public async Task GetUpdates_InjectedFailures_SurfaceAsTheClientsExceptions()
    {
        _fake.FailNextGetUpdates(FakeBotApiFailure.Conflict, FakeBotApiFailure.TooManyRequests(7), FakeBotApiFailure.NetworkFailure);

        var conflict = await Assert.ThrowsAsync<ApiRequestException>(() => _client.GetUpdates(timeout: 0));
        var tooMany = await Assert.ThrowsAsync<ApiRequestException>(() => _client.GetUpdates(timeout: 0));
        var network = await Assert.ThrowsAnyAsync<RequestException>(() => _client.GetUpdates(timeout: 0));
        var recovered = await _client.GetUpdates(timeout: 0);

        Assert.Equal(409, conflict.ErrorCode);
        Assert.Equal(429, tooMany.ErrorCode);
        Assert.Equal(7, tooMany.Parameters?.RetryAfter);
        Assert.IsNotType<ApiRequestException>(network);
        Assert.Empty(recovered);
        Assert.Equal(4, _fake.CountCalls("getUpdates"));
    }

    [Fact]
    public async Task SendMessage_HtmlWithButtons_IsRecordedAndEditable()
    {
        var keyboard = new InlineKeyboardMarkup([[InlineKeyboardButton.WithCallbackData("Aprobar", "approve:req-0001")]]);

        var sent = await _client.SendMessage(42, "<b>T&amp;C</b> &lt;ok&gt;", ParseMode.Html, replyMarkup: keyboard);
        var edited = await _client.EditMessageText(42, sent.MessageId, "<i>done</i>", ParseMode.Html, replyMarkup: null);

        Assert.Equal("T&C <ok>", sent.Text);
        Assert.Equal("done", edited.Text);
        var message = Assert.Single(_fake.Messages);
        Assert.Equal("done", message.VisibleText);
        Assert.Empty(message.Buttons);
        Assert.Equal(1, message.EditCount);
        var call = _fake.Calls.Single(c => c.Method == "sendMessage");
        Assert.Equal(42, call.ChatId);
        Assert.Equal("HTML", call.Get("parse_mode"), ignoreCase: true);
    }

    [Theory]
    [InlineData("<b>unclosed")]
    [InlineData("a & b")]
    [InlineData("<script>x</script>")]
    public async Task SendMessage_BadHtml_IsRefusedLikeTelegram(string text)
    {
        var error = await Assert.ThrowsAsync<ApiRequestException>(() => _client.SendMessage(42, text, ParseMode.Html));

        Assert.Equal(400, error.ErrorCode);
        Assert.Contains("parse entities", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendMessage_TooLongOrBadCallbackData_IsRefused()
    {
        var tooLong = await Assert.ThrowsAsync<ApiRequestException>(() => _client.SendMessage(42, new string('x', 4097)));
        var keyboard = new InlineKeyboardMarkup([[InlineKeyboardButton.WithCallbackData("x", new string('d', 65))]]);
        var badData = await Assert.ThrowsAsync<ApiRequestException>(() => _client.SendMessage(42, "hi", replyMarkup: keyboard));

        Assert.Contains("too long", tooLong.Message, StringComparison.Ordinal);
        Assert.Contains("BUTTON_DATA_INVALID", badData.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallbackQuery_PressOnSentMessage_CarriesMessageAndIsAnswerable()
    {
        var keyboard = new InlineKeyboardMarkup([[InlineKeyboardButton.WithCallbackData("Aprobar", "approve:req-0001")]]);
        var sent = await _client.SendMessage(42, "pick", replyMarkup: keyboard);

        var queryId = _fake.EnqueueCallbackQuery(42, sent.MessageId, "approve:req-0001");
        var update = Assert.Single(await _client.GetUpdates(timeout: 0));
        await _client.AnswerCallbackQuery(update.CallbackQuery!.Id, "ok");

        Assert.Equal(queryId, update.CallbackQuery.Id);
        Assert.Equal("approve:req-0001", update.CallbackQuery.Data);
        Assert.Equal(sent.MessageId, update.CallbackQuery.Message!.MessageId);
        Assert.Equal(42, update.CallbackQuery.Message.Chat.Id);
        Assert.Equal([queryId], _fake.AnsweredCallbackQueries);
    }

    [Fact]
    public async Task AnyMethod_WrongToken_IsUnauthorized()
    {
        var other = new TelegramBotClient(new TelegramBotClientOptions("999:WRONG", _fake.BaseUrl), _http);

        var error = await Assert.ThrowsAsync<ApiRequestException>(() => other.GetMe());

        Assert.Equal(401, error.ErrorCode);
    }

    [Fact]
    public async Task DeleteWebhook_ReturnsTrue()
    {
        await _client.DeleteWebhook();

        Assert.Equal(1, _fake.CountCalls("deleteWebhook"));
    }
}
