using Telegram.Bot;
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

    public Task<Message> EditAsync(long chatId, int messageId, string html, CancellationToken cancellationToken) =>
        clients.Sending.EditMessageText(
            chatId,
            messageId,
            html,
            ParseMode.Html,
            replyMarkup: null,
            linkPreviewOptions: NoPreview,
            cancellationToken: cancellationToken);

    public Task AnswerAsync(string callbackQueryId, string text, bool alert, CancellationToken cancellationToken) =>
        clients.Sending.AnswerCallbackQuery(callbackQueryId, text, showAlert: alert, cancellationToken: cancellationToken);
}
