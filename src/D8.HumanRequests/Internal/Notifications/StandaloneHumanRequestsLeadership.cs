namespace D8.HumanRequests.Internal;

/// <summary>The default: this process always runs the outbox and the timers.</summary>
internal sealed class StandaloneHumanRequestsLeadership : IHumanRequestsLeadership
{
    public ValueTask<CancellationToken> AcquireAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(CancellationToken.None);
    }
}
