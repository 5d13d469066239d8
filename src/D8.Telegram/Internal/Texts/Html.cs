using System.Globalization;
using System.Text;

namespace D8.Telegram.Internal.Texts;

/// <summary>HTML for Telegram's HTML parse mode: escaping of user text and safe truncation.</summary>
internal static class Html
{
    /// <summary>Escapes the three characters Telegram requires (<c>&lt;</c>, <c>&gt;</c>, <c>&amp;</c>); quotes are
    /// left alone because no user text goes into an attribute.</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        return text.Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal);
    }

    /// <summary>Our own HTML as plain text (for callback answers, which have no parse mode): tags dropped, the three
    /// entities decoded.</summary>
    public static string ToPlain(string html)
    {
        var plain = new StringBuilder(html.Length);
        var inTag = false;
        foreach (var c in html)
        {
            if (c == '<')
            {
                inTag = true;
            }
            else if (c == '>' && inTag)
            {
                inTag = false;
            }
            else if (!inTag)
            {
                plain.Append(c);
            }
        }

        return plain.Replace("&lt;", "<").Replace("&gt;", ">").Replace("&amp;", "&").ToString();
    }

    /// <summary>
    /// Escapes <paramref name="text"/> and cuts it so the escaped result, plus <paramref name="marker"/> when cut, is at
    /// most <paramref name="budget"/> characters. Cuts between text elements, so neither an entity nor an emoji
    /// (surrogate pair, combining sequence) is split.
    /// </summary>
    public static string EscapeTruncated(string? text, int budget, string marker)
    {
        var escaped = Escape(text);
        if (escaped.Length <= budget)
        {
            return escaped;
        }

        var room = Math.Max(0, budget - marker.Length);
        var result = new StringBuilder(room + marker.Length);
        var elements = StringInfo.GetTextElementEnumerator(text!);
        while (elements.MoveNext())
        {
            var piece = Escape(elements.GetTextElement());
            if (result.Length + piece.Length > room)
            {
                break;
            }

            result.Append(piece);
        }

        return result.Append(marker).ToString();
    }
}
