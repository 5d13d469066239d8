using System.Globalization;
using System.Text;

namespace D8.Testing.Telegram;

/// <summary>
/// Parses text the way the Bot API does in HTML parse mode: only the supported tags are allowed, and every
/// <c>&lt;</c>, <c>&gt;</c> and <c>&amp;</c> outside a tag must be an entity. A bad text is refused as Telegram does,
/// so a bot that forgets to escape user input fails the test.
/// </summary>
public static class TelegramHtml
{
    private static readonly HashSet<string> AllowedTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a", "code", "pre",
        "blockquote", "tg-emoji",
    };

    /// <summary>Returns the visible text, or throws <see cref="FormatException"/> naming what cannot be parsed.</summary>
    public static string ToVisibleText(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var visible = new StringBuilder(html.Length);
        var open = new Stack<string>();
        for (var i = 0; i < html.Length; i++)
        {
            var c = html[i];
            if (c == '<')
            {
                var end = html.IndexOf('>', i);
                if (end < 0)
                {
                    throw new FormatException($"Can't parse entities: unclosed start tag at byte offset {i}");
                }

                var tag = html[(i + 1)..end];
                var closing = tag.StartsWith('/');
                var name = (closing ? tag[1..] : tag).Split(' ', 2)[0].Trim();
                if (!AllowedTags.Contains(name))
                {
                    throw new FormatException($"Can't parse entities: unsupported start tag \"{name}\" at byte offset {i}");
                }

                if (closing)
                {
                    if (open.Count == 0 || !string.Equals(open.Pop(), name, StringComparison.OrdinalIgnoreCase))
                    {
                        throw new FormatException($"Can't parse entities: unmatched end tag \"{name}\" at byte offset {i}");
                    }
                }
                else
                {
                    open.Push(name);
                }

                i = end;
            }
            else if (c == '>')
            {
                throw new FormatException($"Can't parse entities: unexpected '>' at byte offset {i}");
            }
            else if (c == '&')
            {
                var end = html.IndexOf(';', i);
                var entity = end < 0 ? string.Empty : html[(i + 1)..end];
                visible.Append(Decode(entity, i));
                i = end;
            }
            else
            {
                visible.Append(c);
            }
        }

        if (open.Count > 0)
        {
            throw new FormatException($"Can't parse entities: can't find end tag corresponding to start tag \"{open.Peek()}\"");
        }

        return visible.ToString();
    }

    private static string Decode(string entity, int offset) => entity switch
    {
        "lt" => "<",
        "gt" => ">",
        "amp" => "&",
        "quot" => "\"",
        ['#', 'x' or 'X', .. var hex] when int.TryParse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code) => char.ConvertFromUtf32(code),
        ['#', .. var dec] when int.TryParse(dec, NumberStyles.None, CultureInfo.InvariantCulture, out var code) => char.ConvertFromUtf32(code),
        _ => throw new FormatException($"Can't parse entities: unsupported entity at byte offset {offset}"),
    };
}
