namespace D8.HumanRequests.Tests.Support;

/// <summary>A follower until <see cref="Grant"/>: the background work waits in <see cref="AcquireAsync"/>.</summary>
public sealed class GatedLeadership : IHumanRequestsLeadership
{
    private readonly TaskCompletionSource<CancellationToken> _granted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _waiting;

    /// <summary>Gets how many callers wait for leadership now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Lets the background work run, for good.</summary>
    public void Grant() => _granted.TrySetResult(CancellationToken.None);

    public async ValueTask<CancellationToken> AcquireAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _waiting);
        try
        {
            return await _granted.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }
}
