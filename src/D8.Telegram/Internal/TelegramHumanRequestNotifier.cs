using D8.HumanRequests;
using D8.Telegram.Internal.Texts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace D8.Telegram.Internal;

/// <summary>
/// Sends each human-request notification to every authorised chat: with the decision buttons when the owner must
/// decide, without them for automatic approvals.
/// </summary>
/// <remarks>
/// A chat that fails is logged and skipped; the call fails (so the human-requests outbox retries it) only when no
/// chat received the message, because a retry goes to every chat again and would duplicate it for those that
/// already have it.
/// </remarks>
internal sealed class TelegramHumanRequestNotifier(
    TelegramSender sender,
    TelegramMessageFormatter formatter,
    IOptions<D8TelegramOptions> options,
    ILogger<TelegramHumanRequestNotifier> logger) : IHumanRequestNotifier
{
    public async Task NotifyAsync(HumanRequestNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var (html, keyboard) = formatter.Notification(notification);
        var failures = new List<Exception>();
        var chats = options.Value.AuthorizedChatIds.Distinct().ToList();
        foreach (var chatId in chats)
        {
            try
            {
                await sender.SendAsync(chatId, html, keyboard, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.SendFailed(chatId, ex);
                failures.Add(ex);
            }
        }

        if (chats.Count > 0 && failures.Count == chats.Count)
        {
            throw new AggregateException($"The Telegram notification of {notification.Request.Id} reached no authorised chat.", failures);
        }
    }
}
