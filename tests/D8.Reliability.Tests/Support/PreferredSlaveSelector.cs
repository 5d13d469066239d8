using D8.Distributed.Core;

namespace D8.Reliability.Tests.Support;

/// <summary>Chooses the slave named <see cref="PreferredId"/> whenever it is eligible, so a fault test knows where a task goes first.</summary>
public sealed class PreferredSlaveSelector(string preferredId) : ISlaveSelector
{
    public string PreferredId { get; } = preferredId;

    public SlaveCandidate? Choose(D8Task task, IReadOnlyList<SlaveCandidate> candidates) =>
        candidates.FirstOrDefault(c => c.Slave.Id == PreferredId) ?? candidates.OrderBy(c => c.Slave.Id, StringComparer.Ordinal).FirstOrDefault();
}
