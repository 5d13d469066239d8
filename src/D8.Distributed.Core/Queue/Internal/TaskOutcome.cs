using D8.Distributed.Contracts;

namespace D8.Distributed.Core.Internal;

/// <summary>
/// How a task ended, as this process saw it: the final record, plus (when this process ran it) the slave's answer or the
/// failure that stopped it. <see cref="ITaskDispatcher"/> turns the failure back into its exception.
/// </summary>
internal sealed record TaskOutcome(
    D8TaskInfo Task,
    ExecuteResponse? Response = null,
    Exception? Failure = null,
    IReadOnlyList<string>? AttemptedSlaves = null,
    TimeSpan RoundTrip = default);
