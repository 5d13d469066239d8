using System.Text.Json.Nodes;

namespace D8.Testing.Telegram;

/// <summary>A message the bot sent, in its current state (after any edits).</summary>
public sealed record FakeChatMessage(long ChatId, int MessageId, string Text, string? ParseMode, JsonObject? ReplyMarkup, int EditCount)
{
    /// <summary>The text as the user sees it: HTML tags removed and entities decoded when sent in HTML mode.</summary>
    public string VisibleText => string.Equals(ParseMode, "HTML", StringComparison.OrdinalIgnoreCase)
        ? TelegramHtml.ToVisibleText(Text)
        : Text;

    /// <summary>The inline keyboard buttons, row by row flattened.</summary>
    public IReadOnlyList<FakeInlineButton> Buttons =>
        ReplyMarkup?["inline_keyboard"] is JsonArray rows
            ? [.. rows.OfType<JsonArray>().SelectMany(row => row.OfType<JsonObject>())
                .Select(b => new FakeInlineButton(b["text"]?.GetValue<string>() ?? string.Empty, b["callback_data"]?.GetValue<string>()))]
            : [];
}
