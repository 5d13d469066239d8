using System.Text;

namespace D8.Distributed.Cli.Internal;

/// <summary>A plain text table for people: a header row and left-aligned columns padded to their widest cell.</summary>
internal sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public void AddRow(params string?[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        _rows.Add([.. cells.Select(cell => cell ?? "-")]);
    }

    public override string ToString()
    {
        var widths = headers.Select((header, column) => _rows.Select(row => row[column].Length).Append(header.Length).Max()).ToArray();
        var text = new StringBuilder();
        Append(text, headers, widths);
        foreach (var row in _rows)
        {
            Append(text, row, widths);
        }

        return text.ToString();
    }

    private static void Append(StringBuilder text, string[] cells, int[] widths)
    {
        var line = string.Join("  ", cells.Select((cell, column) => column == cells.Length - 1 ? cell : cell.PadRight(widths[column])));
        text.AppendLine(line.TrimEnd());
    }
}
