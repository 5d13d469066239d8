namespace D8.Reliability.Tests.Support;

/// <summary>A file the tasks append one marker line to when they run: how many times each task really ran.</summary>
public sealed class SideEffects : IDisposable
{
    private readonly TempDirectory _dir = new("d8-side-effects");

    public SideEffects() => FilePath = _dir.Combine("ran.txt");

    public string FilePath { get; }

    /// <summary>Python source that records one run of <paramref name="marker"/>, then runs <paramref name="then"/>.</summary>
    public string Record(string marker, string then = "") => TestPython.AppendLine(FilePath, marker) + then;

    public IReadOnlyList<string> Lines => File.Exists(FilePath) ? File.ReadAllLines(FilePath) : [];

    public int RunsOf(string marker) => Lines.Count(line => line == marker);

    public void Dispose() => _dir.Dispose();
}
