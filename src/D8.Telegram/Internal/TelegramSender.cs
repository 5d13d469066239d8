using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace D8.Telegram.Internal;

/// <summary>Sends, edits and answers through the sending client, always in HTML mode without link previews.</summary>
internal sealed class TelegramSender(TelegramBotClients clients)
{
    private static readonly LinkPreviewOptions NoPreview = new() { IsDisabled = true };

    public Task<Message> SendAsync(long chatId, string html, InlineKeyboardMarkup? keyboard, CancellationToken cancellationToken) =>
        clients.Sending.SendMessage(
            chatId,
            html,
            ParseMode.Html,
            replyMarkup: keyboard,
            linkPreviewOptions: NoPreview,
            cancellationToken: cancellationToken);

    /// <summary>Replaces the text of a message and removes its buttons. A message that already shows exactly this
    /// ("message is not modified", e.g. edited at the button press and again by the outbox) counts as edited.</summary>
    /// <returns><see langword="true"/> when the message changed, <see langword="false"/> when it already showed it.</returns>
    public async Task<bool> EditAsync(long chatId, int messageId, string html, CancellationToken cancellationToken)
    {
        try
        {
            await clients.Sending.EditMessageText(
                chatId,
                messageId,
                html,
                ParseMode.Html,
                replyMarkup: null,
                linkPreviewOptions: NoPreview,
                cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ApiRequestException ex) when (IsNotModified(ex))
        {
            return false;
        }
    }

    /// <summary>Telegram's 400 for an edit that changes nothing.</summary>
    public static bool IsNotModified(ApiRequestException error) =>
        error is { ErrorCode: 400 } && error.Message.Contains("message is not modified", StringComparison.OrdinalIgnoreCase);

    public Task AnswerAsync(string callbackQueryId, string text, bool alert, CancellationToken cancellationToken) =>
        clients.Sending.AnswerCallbackQuery(callbackQueryId, text, showAlert: alert, cancellationToken: cancellationToken);
}
