using D8.Distributed.Core;

namespace D8.Testing.Leadership;

/// <summary>
/// A leadership the test hands out and takes back (<see cref="Grant"/>, <see cref="Revoke"/>): starts as a
/// follower. For the leader-only work's behaviour; the real leases (PostgreSQL) have their own tests.
/// </summary>
#pragma warning disable CA1001 // The term sources are left to the GC on purpose (see Revoke).
public sealed class ControllableLeadership : ID8Leadership
#pragma warning restore CA1001
{
    private readonly Lock _gate = new();
    private TaskCompletionSource<CancellationToken> _granted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenSource? _term;
    private int _waiting;

    /// <inheritdoc/>
    public D8LeadershipRole Role { get; private set; } = D8LeadershipRole.Follower;

    /// <summary>Gets how many callers wait in <see cref="AcquireAsync"/> now (leader-only work that is not running).</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Gets how many terms were granted so far.</summary>
    public int Terms { get; private set; }

    /// <inheritdoc/>
    public event EventHandler? RoleChanged;

    /// <summary>Makes this master the leader (nothing when it already is).</summary>
    public void Grant()
    {
        lock (_gate)
        {
            if (_term is not null)
            {
                return;
            }

            _term = new CancellationTokenSource();
            Role = D8LeadershipRole.Leader;
            Terms++;
            _granted.TrySetResult(_term.Token);
        }

        RoleChanged?.Invoke(this, EventArgs.Empty);
    }

    /// <summary>Ends the current term (nothing when this master is not the leader).</summary>
    public void Revoke()
    {
        CancellationTokenSource? ended;
        lock (_gate)
        {
            ended = _term;
            if (ended is null)
            {
                return;
            }

            _term = null;
            Role = D8LeadershipRole.Follower;
            _granted = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        ended.Cancel(); // Not disposed: the work of the ended term may still link to its token.
        RoleChanged?.Invoke(this, EventArgs.Empty);
    }

    /// <inheritdoc/>
    public async ValueTask<CancellationToken> AcquireAsync(CancellationToken cancellationToken)
    {
        Task<CancellationToken> granted;
        lock (_gate)
        {
            granted = _granted.Task;
        }

        Interlocked.Increment(ref _waiting);
        try
        {
            return await granted.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    /// <summary>
    /// Waits until <paramref name="count"/> callers wait for leadership: proof that their leader-only work is not
    /// running (it runs only after <see cref="AcquireAsync"/> returns).
    /// </summary>
    /// <param name="count">How many callers.</param>
    /// <returns>A task that completes when they wait.</returns>
    public Task WaitForWaitersAsync(int count) => Poll.UntilAsync(() => Waiting >= count, $"{count} leader-only loop(s) to wait for leadership");
}
