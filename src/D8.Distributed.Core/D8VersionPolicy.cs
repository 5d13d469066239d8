namespace D8.Distributed.Core;

/// <summary>What the master does with a slave whose commit differs from its own.</summary>
public enum D8VersionPolicy
{
    /// <summary>The slave is marked <c>version_mismatch</c> and gets no tasks (the default).</summary>
    ExactMatch = 0,

    /// <summary>The mismatch is logged and reported, but the slave stays healthy and gets tasks.</summary>
    WarnOnly,
}
