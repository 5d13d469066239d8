namespace D8.Distributed.Core;

/// <summary>
/// Chooses the slave for a task among the eligible ones (healthy, same version, not draining, with the required
/// capabilities, below its concurrency). Replace the default by registering your own before or after
/// <c>AddD8Master()</c>: <c>services.Replace(ServiceDescriptor.Singleton&lt;ISlaveSelector, MySelector&gt;())</c>.
/// </summary>
public interface ISlaveSelector
{
    /// <summary>Chooses a slave.</summary>
    /// <param name="task">The task to place.</param>
    /// <param name="candidates">The eligible slaves; never empty.</param>
    /// <returns>One of <paramref name="candidates"/>, or <see langword="null"/> to refuse all of them.</returns>
    SlaveCandidate? Choose(D8Task task, IReadOnlyList<SlaveCandidate> candidates);

    /// <summary>
    /// Gets whether the candidates include eligible slaves that are busy now (<see cref="SlaveCandidate.FreeSlots"/>
    /// 0), so that the selector can make a task wait for a faster slave. Default: only slaves with a free slot.
    /// </summary>
    bool ConsidersBusySlaves => false;
}
