namespace D8.Distributed.Core;

/// <summary>
/// The default leadership: one master, always the leader (<see cref="D8LeadershipRole.Standalone"/>), for as long as
/// the process runs.
/// </summary>
public sealed class D8StandaloneLeadership : ID8Leadership
{
    private D8StandaloneLeadership()
    {
    }

    /// <summary>Gets the one instance.</summary>
    public static D8StandaloneLeadership Instance { get; } = new();

    /// <inheritdoc/>
    public D8LeadershipRole Role => D8LeadershipRole.Standalone;

    /// <inheritdoc/>
    /// <remarks>Never raised: the role never changes.</remarks>
    public event EventHandler? RoleChanged
    {
        add { }
        remove { }
    }

    /// <inheritdoc/>
    public ValueTask<CancellationToken> AcquireAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(CancellationToken.None);
    }
}
