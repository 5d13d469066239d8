namespace D8.Distributed.Core.Internal;

/// <summary>
/// Detaches a record from the caller's collections: <see cref="D8TaskInfo"/> is immutable only as deep as the lists
/// and dictionary it is given, so a store copies them before it keeps or hands out a record.
/// </summary>
internal static class TaskSnapshot
{
    public static D8TaskInfo Of(D8TaskInfo task) => task with
    {
        RequiredCapabilities = [.. task.RequiredCapabilities],
        EnvironmentNames = [.. task.EnvironmentNames],
        Environment = task.Environment is { } environment ? new Dictionary<string, string>(environment, StringComparer.Ordinal) : null,
    };
}
