using System.Globalization;
using System.Text;
using Telegram.Bot.Extensions;

namespace D8.Telegram.Internal.Texts;

/// <summary>
/// Escaping with a length budget for Telegram's HTML parse mode. Plain escaping and the way back to text are
/// Telegram.Bot's own (<see cref="HtmlText.Escape"/>, <see cref="HtmlText.ToPlain"/>); its
/// <see cref="HtmlText.Truncate"/> is not used here because it cuts between UTF-16 code units, splitting an emoji's
/// surrogate pair into two invalid halves.
/// </summary>
internal static class Html
{
    /// <summary>
    /// Escapes <paramref name="text"/> and cuts it so the escaped result, plus <paramref name="marker"/> when cut, is at
    /// most <paramref name="budget"/> characters. Cuts between text elements, so neither an entity nor an emoji
    /// (surrogate pair, combining sequence) is split.
    /// </summary>
    public static string EscapeTruncated(string? text, int budget, string marker)
    {
        var escaped = HtmlText.Escape(text) ?? string.Empty;
        if (escaped.Length <= budget)
        {
            return escaped;
        }

        var room = Math.Max(0, budget - marker.Length);
        var result = new StringBuilder(room + marker.Length);
        var elements = StringInfo.GetTextElementEnumerator(text!);
        while (elements.MoveNext())
        {
            var piece = HtmlText.Escape(elements.GetTextElement());
            if (result.Length + piece.Length > room)
            {
                break;
            }

            result.Append(piece);
        }

        return result.Append(marker).ToString();
    }
}
