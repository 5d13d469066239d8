using System.Diagnostics.CodeAnalysis;

namespace D8.Distributed.Core;

/// <summary>
/// Receives slave events (down, recovered, version mismatch). Register implementations with
/// <c>services.TryAddEnumerable(ServiceDescriptor.Singleton&lt;ISlaveEventHandler, MyHandler&gt;())</c>; the monitor calls
/// each one in turn, and a handler that throws is logged and does not affect the others.
/// </summary>
[SuppressMessage("Naming", "CA1711", Justification = "The name was agreed with the packages that subscribe (Telegram); it handles slave events, it is not a delegate.")]
public interface ISlaveEventHandler
{
    /// <summary>Handles one event.</summary>
    /// <param name="slaveEvent">The event.</param>
    /// <param name="cancellationToken">Cancelled when the host stops.</param>
    /// <returns>A task that completes when the event is handled.</returns>
    ValueTask HandleAsync(SlaveEvent slaveEvent, CancellationToken cancellationToken);
}
