namespace D8.Shared.AtomicFiles;

/// <summary>
/// Whether a problem (a corrupt or unreadable file, a failed save) was reported since things last worked, so that a
/// long-running process that carries on despite it logs it once, not at every attempt, and again only after it was
/// fixed and broke again. Thread-safe.
/// </summary>
internal sealed class ProblemLatch
{
    private int _reported;

    /// <summary>Gets whether a problem was reported and has not been cleared since.</summary>
    public bool IsSet => Volatile.Read(ref _reported) != 0;

    /// <summary>Marks a problem.</summary>
    /// <returns><see langword="true"/> when none was reported yet: report this one now.</returns>
    public bool Set() => Interlocked.Exchange(ref _reported, 1) == 0;

    /// <summary>Marks that things work.</summary>
    /// <returns><see langword="true"/> when a problem had been reported: say that it is over.</returns>
    public bool Clear() => Interlocked.Exchange(ref _reported, 0) != 0;
}
