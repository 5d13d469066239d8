
namespace D8.Distributed.Core;

/// <summary>A slave status transition raised by the health monitor.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="SlaveId">The slave id.</param>
/// <param name="PreviousStatus">The status before the check.</param>
/// <param name="CurrentStatus">The status after the check.</param>
/// <param name="OccurredAt">When the check that saw the transition finished.</param>
/// <param name="Detail">Why (the error of a failed check, the commits of a mismatch), or <see langword="null"/>.</param>
public sealed record SlaveEvent(
    SlaveEventKind Kind,
    string SlaveId,
    SlaveStatus PreviousStatus,
    SlaveStatus CurrentStatus,
    DateTimeOffset OccurredAt,
    string? Detail);
