namespace D8.Distributed.Core;

/// <summary>
/// The health of a slave as the master sees it. Persisted in <c>slaves/config.json</c> as the snake_case names
/// <c>unknown</c>, <c>healthy</c>, <c>version_mismatch</c>, <c>unhealthy</c> and <c>draining</c>.
/// </summary>
public enum SlaveStatus
{
    /// <summary>Not checked yet.</summary>
    Unknown = 0,

    /// <summary>Answered its last health check, runs the master's version and accepts work.</summary>
    Healthy,

    /// <summary>Answers, but runs another commit than the master (it gets no tasks under the exact-match policy).</summary>
    VersionMismatch,

    /// <summary>Did not answer its last health check (refused, timed out, 5xx, or its circuit is open).</summary>
    Unhealthy,

    /// <summary>Answers, but refuses new work while it shuts down.</summary>
    Draining,
}
