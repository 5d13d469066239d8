using Microsoft.Extensions.Options;
using Telegram.Bot;

namespace D8.Telegram.Internal;

/// <summary>
/// The two <see cref="TelegramBotClient"/>s of the bot, built from validated options and <see cref="IHttpClientFactory"/>.
/// The polling client has the library's automatic 429 retry turned off, because the polling loop owns its back-off
/// (timed by the injected <see cref="TimeProvider"/>, and logged); the sending client keeps it, so a short
/// <c>retry_after</c> does not lose a reply.
/// </summary>
internal sealed class TelegramBotClients
{
    public const string HttpClientName = "D8.Telegram";

    public TelegramBotClients(IOptions<D8TelegramOptions> options, IHttpClientFactory httpClientFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        var settings = options.Value;
        var token = settings.BotToken ?? throw new InvalidOperationException("The Telegram bot token is missing: set D8:Telegram:BotToken.");
        var baseUrl = settings.ApiBaseUrl.GetLeftPart(UriPartial.Authority);

        var pollingHttp = httpClientFactory.CreateClient(HttpClientName);
        pollingHttp.Timeout = settings.PollingTimeout + settings.RequestTimeout;
        Polling = new TelegramBotClient(new TelegramBotClientOptions(token, baseUrl) { RetryCount = 0 }, pollingHttp);

        var sendingHttp = httpClientFactory.CreateClient(HttpClientName);
        sendingHttp.Timeout = settings.RequestTimeout;
        Sending = new TelegramBotClient(new TelegramBotClientOptions(token, baseUrl), sendingHttp);
    }

    /// <summary>For <c>getMe</c>, <c>deleteWebhook</c> and <c>getUpdates</c>.</summary>
    public ITelegramBotClient Polling { get; }

    /// <summary>For messages, edits and callback answers.</summary>
    public ITelegramBotClient Sending { get; }
}
