using System.Globalization;

namespace D8.Dashboard.Internal;

/// <summary>
/// A stacked bar chart as inline SVG, drawn on the server (no script, no CDN): a <c>&lt;figure&gt;</c> with a caption,
/// the SVG (<c>role="img"</c>, its <c>&lt;title&gt;</c> and <c>&lt;desc&gt;</c> say what it shows in words), a tooltip per
/// bar and a legend. Each bar is a <c>&lt;g class="bar" data-key data-total&gt;</c> of one <c>&lt;rect&gt;</c> per
/// non-zero series (<c>data-series</c>, <c>data-value</c>), so tests and scripts can read the figures back.
/// </summary>
internal static class BarChart
{
    private const double Width = 480;
    private const double Height = 190;
    private const double Left = 40;
    private const double Right = 6;
    private const double Top = 10;
    private const double Bottom = 22;

    /// <summary>One stacked series: its key, its legend text and its colour.</summary>
    public sealed record Series(string Key, string Label, string Color);

    /// <summary>One bar: its key (e.g. <c>2026-12-01T14</c>), the axis label (empty: none), the tooltip, one value per series.</summary>
    public sealed record Bar(string Key, string Label, string Tooltip, IReadOnlyList<decimal> Values)
    {
        public decimal Total => Values.Sum();
    }

    /// <summary>A horizontal line across the chart (a budget), with its label.</summary>
    public sealed record Line(decimal Value, string Label);

    /// <summary>Appends the figure.</summary>
    /// <param name="html">Where to write.</param>
    /// <param name="id">The figure's id (the SVG's title and desc ids derive from it).</param>
    /// <param name="caption">The visible caption, also the SVG's title.</param>
    /// <param name="description">What the chart shows, in words, for screen readers.</param>
    /// <param name="series">The series, bottom first.</param>
    /// <param name="bars">The bars, left to right.</param>
    /// <param name="format">How values read on the axis and in tooltips.</param>
    /// <param name="line">An optional reference line.</param>
    public static void Render(Html html, string id, string caption, string description, IReadOnlyList<Series> series, IReadOnlyList<Bar> bars, Func<decimal, string> format, Line? line = null)
    {
        var max = bars.Count == 0 ? 0m : bars.Max(bar => bar.Total);
        if (line is not null)
        {
            max = Math.Max(max, line.Value);
        }

        var top = NiceCeiling(max);
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        double Y(decimal value) => Top + plotHeight - (double)(value / top) * plotHeight;

        html.Raw($"<figure class=\"chart\" id=\"{id}\"><figcaption>").Text(caption).Raw("</figcaption>")
            .Raw($"<svg viewBox=\"0 0 {N(Width)} {N(Height)}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" xmlns=\"http://www.w3.org/2000/svg\">")
            .Raw($"<title id=\"{id}-title\">").Text(caption).Raw("</title>")
            .Raw($"<desc id=\"{id}-desc\">").Text(description).Raw("</desc>");

        // Grid lines at 0, half and the top, labelled on the left.
        foreach (var tick in new[] { 0m, top / 2, top })
        {
            var y = N(Y(tick));
            html.Raw($"<line x1=\"{N(Left)}\" x2=\"{N(Width - Right)}\" y1=\"{y}\" y2=\"{y}\" stroke=\"#e4e8ef\"/>")
                .Raw($"<text x=\"{N(Left - 4)}\" y=\"{y}\" text-anchor=\"end\" dominant-baseline=\"middle\">").Text(format(tick)).Raw("</text>");
        }

        var slot = bars.Count == 0 ? plotWidth : plotWidth / bars.Count;
        var barWidth = Math.Max(1, slot * 0.72);
        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var x = Left + (i * slot) + ((slot - barWidth) / 2);
            html.Raw($"<g class=\"bar\" data-key=\"{Html.Encode(bar.Key)}\" data-total=\"{Html.Encode(Value(bar.Total))}\"><title>").Text(bar.Tooltip).Raw("</title>");
            var bottom = 0m;
            for (var s = 0; s < series.Count && s < bar.Values.Count; s++)
            {
                var value = bar.Values[s];
                if (value <= 0)
                {
                    continue;
                }

                var y = Y(bottom + value);
                var height = Y(bottom) - y;
                html.Raw($"<rect data-series=\"{Html.Encode(series[s].Key)}\" data-value=\"{Html.Encode(Value(value))}\" x=\"{N(x)}\" y=\"{N(y)}\" width=\"{N(barWidth)}\" height=\"{N(height)}\" fill=\"{series[s].Color}\"/>");
                bottom += value;
            }

            html.Raw("</g>");
            if (bar.Label.Length > 0)
            {
                html.Raw($"<text x=\"{N(Left + (i * slot) + (slot / 2))}\" y=\"{N(Height - 6)}\" text-anchor=\"middle\">").Text(bar.Label).Raw("</text>");
            }
        }

        if (line is not null)
        {
            var y = N(Y(line.Value));
            html.Raw($"<g class=\"line\" data-value=\"{Html.Encode(Value(line.Value))}\"><line x1=\"{N(Left)}\" x2=\"{N(Width - Right)}\" y1=\"{y}\" y2=\"{y}\" stroke=\"#b42330\" stroke-dasharray=\"5 3\"/>")
                .Raw($"<text x=\"{N(Width - Right)}\" y=\"{N(Y(line.Value) - 3)}\" text-anchor=\"end\">").Text(line.Label).Raw("</text></g>");
        }

        html.Raw("</svg><ul class=\"legend\">");
        foreach (var entry in series.Where((_, index) => bars.Any(bar => index < bar.Values.Count && bar.Values[index] > 0)))
        {
            html.Raw($"<li data-series=\"{Html.Encode(entry.Key)}\"><i style=\"background:{entry.Color}\"></i>").Text(entry.Label).Raw("</li>");
        }

        html.Raw("</ul></figure>");
    }

    /// <summary>The smallest 1, 2, 2.5 or 5 × 10ⁿ at or above <paramref name="max"/> (1 for an empty chart).</summary>
    internal static decimal NiceCeiling(decimal max)
    {
        if (max <= 0)
        {
            return 1m;
        }

        var magnitude = 1m;
        while (magnitude * 10 <= max)
        {
            magnitude *= 10;
        }

        while (magnitude > max)
        {
            magnitude /= 10;
        }

        foreach (var step in new[] { 1m, 2m, 2.5m, 5m, 10m })
        {
            if (step * magnitude >= max)
            {
                return step * magnitude;
            }
        }

        return 10m * magnitude;
    }

    /// <summary>A value as the data attributes carry it: invariant, no trailing zeros ("12.99", "3").</summary>
    internal static string Value(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
