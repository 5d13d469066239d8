using System.Globalization;
using D8.HumanRequests;
using D8.Telegram.Internal.Texts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.ReplyMarkups;

namespace D8.Telegram.Internal;

/// <summary>
/// Sends each human-request notification to every authorised chat: with the decision buttons when the owner must
/// decide, without them for automatic approvals. Each message sent is recorded with the request
/// (<see cref="IHumanRequestSentMessages"/>); a <see cref="HumanRequestNotificationKind.Decided"/> notification edits
/// every recorded message to show the decision without buttons, whoever decided and whichever process sent it.
/// </summary>
/// <remarks>
/// A chat that fails is logged and skipped; the call fails (so the human-requests outbox retries it) only when no
/// chat received the message, because a retry goes to every chat again and would duplicate it for those that
/// already have it. Edits are different: repeating one is harmless ("not modified" counts as done), so any edit that
/// failed for a passing reason (network, 429, 5xx) fails the call and the outbox retries all of them.
/// </remarks>
internal sealed class TelegramHumanRequestNotifier(
    TelegramSender sender,
    TelegramMessageFormatter formatter,
    IHumanRequestSentMessages sentMessages,
    TelegramActorNames names,
    TimeProvider timeProvider,
    IOptions<D8TelegramOptions> options,
    ILogger<TelegramHumanRequestNotifier> logger) : IHumanRequestNotifier
{
    /// <summary>The channel name under which this notifier records its messages.</summary>
    public const string Channel = "telegram";

    public async Task NotifyAsync(HumanRequestNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (notification.Kind == HumanRequestNotificationKind.Decided)
        {
            await EditAllAsync(notification.Request, cancellationToken).ConfigureAwait(false);
            if (notification.BudgetAlerts.Count > 0)
            {
                await SendToAllAsync(notification.Request, formatter.Alerts(notification), record: false, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        var (html, keyboard) = formatter.Notification(notification);
        await SendToAllAsync(notification.Request, (html, keyboard), record: keyboard is not null, cancellationToken).ConfigureAwait(false);
    }

    private async Task SendToAllAsync(HumanRequest request, (string Html, InlineKeyboardMarkup? Keyboard) message, bool record, CancellationToken cancellationToken)
    {
        var failures = new List<Exception>();
        var chats = options.Value.AuthorizedChatIds.Distinct().ToList();
        foreach (var chatId in chats)
        {
            Message sent;
            try
            {
                sent = await sender.SendAsync(chatId, message.Html, message.Keyboard, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.SendFailed(chatId, ex);
                failures.Add(ex);
                continue;
            }

            if (record)
            {
                await RecordAsync(request.Id, chatId, sent.MessageId).ConfigureAwait(false);
            }
        }

        if (chats.Count > 0 && failures.Count == chats.Count)
        {
            throw new AggregateException($"The Telegram notification of {request.Id} reached no authorised chat.", failures);
        }
    }

    /// <summary>Records a message with buttons, so a later decision can edit it. A failure here does not fail the
    /// notification (that would send it again to every chat); the message then keeps its buttons, and pressing one
    /// still works (the press is answered with the current state and edits that message).</summary>
    private async Task RecordAsync(string requestId, long chatId, int messageId)
    {
        var record = new HumanRequestSentMessage(
            Channel,
            chatId.ToString(CultureInfo.InvariantCulture),
            messageId.ToString(CultureInfo.InvariantCulture),
            timeProvider.GetUtcNow());
        try
        {
            // Recorded even while stopping: the message is out, and losing its id leaves stale buttons behind.
            await sentMessages.RecordAsync(requestId, record, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Best effort, logged: see the summary.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.RecordFailed(messageId, chatId, requestId, ex);
        }
    }

    /// <summary>Edits every message this notifier recorded for the request to show its current state, without
    /// buttons. A message Telegram refuses for good (deleted, chat gone: a 400 or 403) is logged and left; anything
    /// else fails the call so the outbox retries.</summary>
    private async Task EditAllAsync(HumanRequest request, CancellationToken cancellationToken)
    {
        var mine = request.SentMessages.Where(m => string.Equals(m.Channel, Channel, StringComparison.Ordinal)).ToList();
        if (mine.Count == 0)
        {
            return;
        }

        var html = formatter.Decided(request, WhoDecided(request));
        var failures = new List<Exception>();
        foreach (var message in mine)
        {
            if (!long.TryParse(message.ChatId, NumberStyles.Integer, CultureInfo.InvariantCulture, out var chatId)
                || !int.TryParse(message.MessageId, NumberStyles.Integer, CultureInfo.InvariantCulture, out var messageId))
            {
                logger.EditRefused(0, 0, request.Id, $"unreadable record {message.ChatId}/{message.MessageId}");
                continue;
            }

            try
            {
                await sender.EditAsync(chatId, messageId, html, cancellationToken).ConfigureAwait(false);
                logger.MessageEdited(messageId, chatId, request.Id, request.Status);
            }
            catch (ApiRequestException ex) when (ex.ErrorCode is 400 or 403)
            {
                logger.EditRefused(messageId, chatId, request.Id, ex.Message);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.EditFailed(messageId, chatId, request.Id, ex);
                failures.Add(ex);
            }
        }

        if (failures.Count > 0)
        {
            throw new AggregateException($"{failures.Count} of the {mine.Count} Telegram message(s) of {request.Id} could not be edited.", failures);
        }
    }

    /// <summary>Who made the last change, by the name the bot knows (the same the button press shows).</summary>
    private string WhoDecided(HumanRequest request) =>
        request.History.Count > 0 ? names.Display(request.History[^1].Actor) : string.Empty;
}
