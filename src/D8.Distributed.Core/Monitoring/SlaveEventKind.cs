namespace D8.Distributed.Core;

/// <summary>The kinds of slave transitions the health monitor reports.</summary>
public enum SlaveEventKind
{
    /// <summary>The slave stopped answering health checks (it became <c>unhealthy</c>).</summary>
    Down,

    /// <summary>A slave that was unhealthy or mismatched answers again and can take work.</summary>
    Recovered,

    /// <summary>The slave answers but runs another commit than the master.</summary>
    VersionMismatch,
}
