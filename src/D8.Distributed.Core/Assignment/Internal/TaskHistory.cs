using Microsoft.Extensions.Options;

namespace D8.Distributed.Core.Internal;

/// <summary>A ring of the last <see cref="D8MasterOptions.TaskHistoryCapacity"/> dispatches, recorded by the dispatcher.</summary>
internal sealed class TaskHistory : ITaskHistory
{
    /// <summary>How many lines of output/error are kept per task.</summary>
    internal const int MaxLines = 5;

    /// <summary>How many characters of output/error are kept per task.</summary>
    internal const int MaxChars = 500;

    private readonly Lock _gate = new();
    private readonly Queue<DispatchedTask> _entries = new();
    private readonly int _capacity;

    public TaskHistory(IOptions<D8MasterOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _capacity = options.Value.TaskHistoryCapacity;
    }

    public IReadOnlyList<DispatchedTask> GetRecent()
    {
        lock (_gate)
        {
            var copy = _entries.ToArray();
            Array.Reverse(copy);
            return copy;
        }
    }

    public void Record(DispatchedTask entry)
    {
        entry = entry with { Output = FirstLines(entry.Output), Error = FirstLines(entry.Error) };
        lock (_gate)
        {
            _entries.Enqueue(entry);
            while (_entries.Count > _capacity)
            {
                _entries.Dequeue();
            }
        }
    }

    internal static string FirstLines(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var end = 0;
        for (var line = 0; line < MaxLines && end < text.Length; line++)
        {
            var next = text.IndexOf('\n', end);
            end = next < 0 ? text.Length : next + 1;
        }

        var cut = Math.Min(end, MaxChars);
        var head = text[..cut].TrimEnd('\n', '\r');
        return cut < text.Length ? head + " …" : head;
    }
}
