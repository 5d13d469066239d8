using System.Collections;
using System.Globalization;
using System.Reflection;
using D8.Distributed.Core;
using Xunit;

namespace D8.Testing.Queue;

/// <summary>
/// Task records for the store tests, and their comparison: <see cref="D8TaskInfo"/> holds collections (compared by
/// reference by the record's equality) and <see cref="DateTimeOffset"/>s (compared by instant, not offset), so records
/// are compared through a normalized text of every property, found by reflection: a property added later is compared
/// without anyone remembering to.
/// </summary>
public static class TaskStoreRecords
{
    /// <summary>A fixed time with a non-zero offset (a store must keep the offset, not only the instant).</summary>
    public static readonly DateTimeOffset T0 = new(2026, 3, 14, 15, 9, 26, TimeSpan.FromHours(5.5));

    private static readonly PropertyInfo[] Properties = typeof(D8TaskInfo)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(property => property.CanWrite)
        .OrderBy(property => property.Name, StringComparer.Ordinal)
        .ToArray();

    /// <summary>Gets the settable properties of <see cref="D8TaskInfo"/>.</summary>
    public static IReadOnlyList<PropertyInfo> AllProperties => Properties;

    /// <summary>A minimal queued task (required fields only).</summary>
    public static D8TaskInfo New(string taskId, int priority = D8Task.DefaultPriority, DateTimeOffset? queuedAt = null) => new()
    {
        TaskId = taskId,
        Command = "print('" + taskId + "')",
        Method = "auto",
        TaskType = "test",
        Priority = priority,
        QueuedAt = queuedAt ?? T0,
    };

    /// <summary>A task with every property set to a value that is not its default, odd values included.</summary>
    public static D8TaskInfo Full(string taskId) => new()
    {
        TaskId = taskId,
        Command = "print('h\u00e9llo \U0001F680')\n# quotes ' \" and a NUL \0 inside",
        Method = "shell",
        TaskType = "report",
        RequiredCapabilities = ["gpu", "docker", "label:é"],
        Priority = 9,
        Timeout = TimeSpan.FromTicks(1_234_567_891),
        RequestedSlaveId = "pc-1",
        WorkingDirectory = "/srv/work dir",
        Environment = new Dictionary<string, string> { ["API_KEY"] = "s3cr=t", ["lower_case"] = "", ["PATH"] = "/usr/bin:/bin" },
        EnvironmentNames = ["API_KEY", "lower_case", "PATH"],
        Stdin = "line 1\nline 2\n",
        MaxRetries = 3,
        SubmittedBy = "conformance",
        Status = D8TaskStatus.Succeeded,
        Sequence = 424242,
        Version = 77,
        QueuedAt = T0,
        StartedAt = T0.AddTicks(12_345).ToOffset(TimeSpan.FromHours(-7)),
        FinishedAt = T0.AddSeconds(3).AddTicks(1).ToOffset(TimeSpan.FromMinutes(45)),
        SlaveId = "pc-2",
        Attempts = 2,
        ExitCode = -9,
        Output = new string('o', 200_000) + "\u00fc",
        Error = "Traceback\n  \u2603",
        OutputTruncated = true,
        ErrorTruncated = true,
        MethodUsed = "venv",
        Duration = TimeSpan.FromTicks(29_999_999),
        Reason = "failed over from pc-1",
        PredictedDuration = TimeSpan.FromMilliseconds(2500.5),
    };

    /// <summary>Asserts two records are the same in every property (collections by content, times with their offset).</summary>
    public static void Same(D8TaskInfo expected, D8TaskInfo? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(Describe(expected), Describe(actual));
    }

    /// <summary>A normalized text of every property, one per line.</summary>
    public static string Describe(D8TaskInfo task) =>
        string.Concat(Normalize(task).Select(pair => $"{pair.Key} = {pair.Value}\n"));

    /// <summary>The normalized text of each property, by name.</summary>
    public static IReadOnlyDictionary<string, string> Normalize(D8TaskInfo task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return Properties.ToDictionary(property => property.Name, property => Format(property.GetValue(task)), StringComparer.Ordinal);
    }

    private static string Format(object? value) => value switch
    {
        null => "<null>",
        string s => "\"" + s.Replace("\0", "\\0", StringComparison.Ordinal) + "\"",
        DateTimeOffset time => time.ToString("O", CultureInfo.InvariantCulture),
        TimeSpan span => span.Ticks.ToString(CultureInfo.InvariantCulture) + " ticks",
        IReadOnlyDictionary<string, string> map => "{" + string.Join(", ", map.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{Format(pair.Key)}: {Format(pair.Value)}")) + "}",
        IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Format)) + "]",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
