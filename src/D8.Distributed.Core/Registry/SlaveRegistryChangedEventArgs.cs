namespace D8.Distributed.Core;

/// <summary>Which slaves came, went or moved; the argument of <see cref="ISlaveRegistry.Changed"/>.</summary>
public sealed class SlaveRegistryChangedEventArgs : EventArgs
{
    /// <summary>Creates the event arguments.</summary>
    /// <param name="added">Ids of the slaves that were added.</param>
    /// <param name="removed">Ids of the slaves that were removed.</param>
    /// <param name="moved">Ids of the slaves whose host or port changed.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public SlaveRegistryChangedEventArgs(IReadOnlyList<string> added, IReadOnlyList<string> removed, IReadOnlyList<string> moved)
    {
        ArgumentNullException.ThrowIfNull(added);
        ArgumentNullException.ThrowIfNull(removed);
        ArgumentNullException.ThrowIfNull(moved);
        Added = added;
        Removed = removed;
        Moved = moved;
    }

    /// <summary>Gets the ids of the slaves that were added.</summary>
    public IReadOnlyList<string> Added { get; }

    /// <summary>Gets the ids of the slaves that were removed.</summary>
    public IReadOnlyList<string> Removed { get; }

    /// <summary>Gets the ids of the slaves whose host or port changed (their health must be measured again).</summary>
    public IReadOnlyList<string> Moved { get; }
}
