using System.Globalization;
using D8.HumanRequests;
using D8.Telegram.Internal.Texts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace D8.Telegram.Internal;

/// <summary>
/// Sends each owner alert to every authorised chat: a slave alert with the same text as before the outbox
/// (<see cref="SlaveMessageFormatter.Event"/>), any other alert by its own text.
/// </summary>
/// <remarks>
/// A chat that fails is logged and skipped; the call fails (so the outbox retries it) only when no chat received the
/// alert, as <see cref="TelegramHumanRequestNotifier"/> does: a retry goes to every chat again.
/// </remarks>
internal sealed class TelegramOwnerAlertNotifier(
    TelegramSender sender,
    TelegramMessageFormatter formatter,
    IOptions<D8TelegramOptions> options,
    ILogger<TelegramOwnerAlertNotifier> logger) : IOwnerAlertNotifier
{
    private readonly SlaveMessageFormatter _slaves = new(formatter.Texts);

    public async Task NotifyAsync(OwnerAlert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var html = Format(alert);
        var failures = new List<Exception>();
        var chats = options.Value.AuthorizedChatIds.Distinct().ToList();
        foreach (var chatId in chats)
        {
            try
            {
                await sender.SendAsync(chatId, html, null, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.SendFailed(chatId, ex);
                failures.Add(ex);
            }
        }

        if (chats.Count > 0 && failures.Count == chats.Count)
        {
            throw new AggregateException($"The Telegram alert {alert.Source}/{alert.Kind} about {alert.Subject} reached no authorised chat.", failures);
        }
    }

    private string Format(OwnerAlert alert) =>
        SlaveAlerts.TryToEvent(alert, out var slaveEvent)
            ? _slaves.Event(slaveEvent)
            : string.Create(
                CultureInfo.InvariantCulture,
                $"⚠️ <b>{Html.EscapeTruncated(alert.Source, 100, "…")} · {Html.EscapeTruncated(alert.Kind, 100, "…")}</b>: <code>{Html.EscapeTruncated(alert.Subject, 200, "…")}</code>\n{Html.EscapeTruncated(alert.Text, 3000, "…")}");
}
