using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace D8.Dashboard.Internal;

/// <summary>A small HTML writer: every value goes through <see cref="HtmlEncoder"/>; only literals are raw.</summary>
internal sealed class Html
{
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

    /// <summary>A table cell with the column name for the phone layout.</summary>
    public Html Cell(string label, string? text, string cssClass = "") =>
        Raw($"<td data-label=\"{Encode(label)}\"{(cssClass.Length > 0 ? $" class=\"{cssClass}\"" : string.Empty)}>").Text(text).Raw("</td>");

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

    public static string Duration(TimeSpan value) =>
        value.TotalSeconds >= 1 ? value.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s" : value.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";

    public override string ToString() => _builder.ToString();
}
