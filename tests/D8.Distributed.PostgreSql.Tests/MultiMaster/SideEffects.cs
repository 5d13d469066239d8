using D8.Distributed.Contracts;

namespace D8.Distributed.PostgreSql.Tests.MultiMaster;

/// <summary>Tasks whose one side effect is a line with their id appended to a file, and the check that each ran once.</summary>
internal static class SideEffects
{
    /// <summary>
    /// A shell task that (once <paramref name="gate"/> exists, when given, then after <paramref name="sleepSeconds"/>)
    /// appends <paramref name="id"/> to <paramref name="file"/>.
    /// </summary>
    public static TaskSubmitRequest Task(string id, string file, double sleepSeconds = 0, int maxRetries = 0, string? gate = null) => new()
    {
        TaskId = id,
        Method = "shell",
        Command = (gate is null ? string.Empty : $"while [ ! -e '{gate}' ]; do sleep 0.05; done; ")
            + (sleepSeconds > 0 ? FormattableString.Invariant($"sleep {sleepSeconds}; ") : string.Empty)
            + $"echo {id} >> '{file}'",
        TimeoutSeconds = 120,
        MaxRetries = maxRetries,
    };

    /// <summary>Opens a gate of <see cref="Task"/>: the tasks waiting for it carry on.</summary>
    public static void Open(string gate) => File.WriteAllText(gate, string.Empty);

    /// <summary>The ids appended to the file so far (empty when it does not exist yet).</summary>
    public static IReadOnlyList<string> Read(string file) =>
        File.Exists(file) ? File.ReadAllLines(file).Where(line => line.Length > 0).ToList() : [];

    /// <summary>Asserts that every one of <paramref name="ids"/> is in the file exactly once, and nothing else is.</summary>
    public static void AssertEachOnce(string file, IReadOnlyCollection<string> ids, object context)
    {
        var lines = Read(file);
        var twice = lines.GroupBy(line => line).Where(group => group.Count() > 1).Select(group => group.Key).ToList();
        var missing = ids.Except(lines).ToList();
        var unknown = lines.Except(ids).ToList();
        Assert.True(
            twice.Count == 0 && missing.Count == 0 && unknown.Count == 0 && lines.Count == ids.Count,
            $"side effects: {lines.Count} line(s) for {ids.Count} task(s); twice: [{string.Join(", ", twice)}]; missing: [{string.Join(", ", missing)}]; unknown: [{string.Join(", ", unknown)}]\n{context}");
    }
}
