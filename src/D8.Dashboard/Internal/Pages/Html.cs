using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace D8.Dashboard.Internal;

/// <summary>A small HTML writer: every value goes through <see cref="HtmlEncoder"/>; only literals are raw.</summary>
internal sealed class Html
{
    /// <summary>Characters after which browsers may break a line inside a word.</summary>
    private static readonly SearchValues<char> BreakableInside = SearchValues.Create("-‐–—/\\?!%)]}.,:;+=&|");

    private readonly StringBuilder _builder = new();

    /// <summary>Appends markup written in this assembly (never user data).</summary>
    public Html Raw(string markup)
    {
        _builder.Append(markup);
        return this;
    }

    /// <summary>Appends text, encoded.</summary>
    public Html Text(string? text)
    {
        _builder.Append(HtmlEncoder.Default.Encode(text ?? string.Empty));
        return this;
    }

    /// <summary>Appends <c>&lt;tag attributes&gt;text&lt;/tag&gt;</c>, the text encoded.</summary>
    public Html Element(string tag, string? text, string attributes = "")
    {
        _builder.Append('<').Append(tag).Append(attributes.Length > 0 ? " " + attributes : string.Empty).Append('>');
        Text(text);
        _builder.Append("</").Append(tag).Append('>');
        return this;
    }

    /// <summary>A table cell with the column name for the phone layout; its text wraps between words only (see <see cref="Words"/>).</summary>
    public Html Cell(string label, string? text, string cssClass = "") =>
        Raw($"<td data-label=\"{Encode(label)}\"{(cssClass.Length > 0 ? $" class=\"{cssClass}\"" : string.Empty)}>").Words(text).Raw("</td>");

    /// <summary>
    /// Appends text, encoded, so that lines break at spaces only: a word with a hyphen, a slash or a dot inside
    /// (<c>ai-nichos-rentables-2027.com</c>, <c>87/100</c>), where browsers may also break, is kept on one line.
    /// </summary>
    public Html Words(string? text)
    {
        var value = text ?? string.Empty;
        var start = 0;
        while (start < value.Length)
        {
            var end = start;
            while (end < value.Length && char.IsWhiteSpace(value[end]) == char.IsWhiteSpace(value[start]))
            {
                end++;
            }

            var part = value[start..end];
            if (!char.IsWhiteSpace(part[0]) && part.AsSpan(0, part.Length - 1).IndexOfAny(BreakableInside) >= 0)
            {
                Raw("<span class=\"word\">").Text(part).Raw("</span>");
            }
            else
            {
                Text(part);
            }

            start = end;
        }

        return this;
    }


    /// <summary>A table cell holding markup this assembly wrote (a <c>&lt;time&gt;</c>, a link).</summary>
    public Html MarkupCell(string label, string markup, string cssClass = "") =>
        Raw($"<td data-label=\"{Encode(label)}\"{(cssClass.Length > 0 ? $" class=\"{cssClass}\"" : string.Empty)}>").Raw(markup).Raw("</td>");

    /// <summary>A table cell for an id, a commit or a name: one line, cut with an ellipsis, the whole text on hover.</summary>
    public Html TruncatedCell(string label, string? text, string cssClass = "") =>
        MarkupCell(label, Truncated(text), cssClass);

    /// <summary>One line cut with an ellipsis when it does not fit, the whole text in the tooltip; never broken.</summary>
    public static string Truncated(string? text, string cssClass = "trunc") =>
        $"<span class=\"{cssClass}\" title=\"{Encode(text)}\">{Encode(text)}</span>";

    public static string Encode(string? value) => HtmlEncoder.Default.Encode(value ?? string.Empty);

    public static string Money(decimal? value) => value is { } amount ? amount.ToString("0.00", CultureInfo.InvariantCulture) : "—";

    public static string Time(DateTimeOffset? value) => value is { } time ? time.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture) : "never";

    /// <summary>A ratio as a whole percentage: 0.125 → "13 %".</summary>
    public static string Percent(double ratio) => (ratio * 100).ToString("0", CultureInfo.InvariantCulture) + " %";

    public static string Duration(TimeSpan value) =>
        value.TotalSeconds >= 1 ? value.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s" : value.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";

    public override string ToString() => _builder.ToString();
}
