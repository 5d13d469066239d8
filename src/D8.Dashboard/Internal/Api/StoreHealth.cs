using System.Globalization;
using D8.Distributed.Core;
using Microsoft.Extensions.DependencyInjection;

namespace D8.Dashboard.Internal;

/// <summary>
/// The store part of <c>/healthz</c>: one cheap read of the task store (the first queued task, an indexed query in every
/// store), bounded by <see cref="Timeout"/> so that a database that hangs (a network split) does not hang the probe.
/// </summary>
internal static class StoreHealth
{
    /// <summary>How long the probe waits for the store.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    /// <summary>Why the task store cannot be used, or <see langword="null"/> when it answered.</summary>
    public static async Task<string?> CheckAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        if (services.GetService<ITaskStore>() is not { } store)
        {
            return null;
        }

        var time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        using var deadline = new CancellationTokenSource(Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            await store.GetQueuedAsync(1, linked.Token).ConfigureAwait(false);
            return null;
        }
        catch (TaskStoreException ex)
        {
            return ex.Message;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return string.Create(CultureInfo.InvariantCulture, $"The task store did not answer within {Timeout.TotalSeconds:0} s.");
        }
    }
}
