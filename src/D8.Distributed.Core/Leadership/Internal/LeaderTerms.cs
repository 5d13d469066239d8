using Microsoft.Extensions.Logging;

namespace D8.Distributed.Core.Internal;

/// <summary>
/// Runs leader-only work term by term: waits for leadership, runs the work under a token cancelled when the term
/// ends or the host stops, and waits again after a lost term. Shared by the master's hosted services.
/// </summary>
internal static class LeaderTerms
{
    /// <summary>Runs <paramref name="work"/> in every term of leadership until <paramref name="stopping"/> is cancelled.</summary>
    /// <param name="leadership">The leadership seam.</param>
    /// <param name="name">What runs, for the log ("health monitor", "dispatch loop").</param>
    /// <param name="logger">Where term changes are logged.</param>
    /// <param name="work">The leader-only work; it must return (or throw <see cref="OperationCanceledException"/>) when its token is cancelled.</param>
    /// <param name="stopping">The host's stopping token.</param>
    public static async Task RunAsync(ID8Leadership leadership, string name, ILogger logger, Func<CancellationToken, Task> work, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            CancellationToken term;
            try
            {
                term = await leadership.AcquireAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }

            if (leadership.Role == D8LeadershipRole.Leader)
            {
                Log.LeaderTermStarted(logger, name);
            }

            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, term);
            try
            {
                await work(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (linked.IsCancellationRequested)
            {
                // The term or the host ended.
            }

            if (stopping.IsCancellationRequested)
            {
                return;
            }

            if (term.IsCancellationRequested)
            {
                Log.LeaderTermEnded(logger, name);
            }
            else if (term == CancellationToken.None)
            {
                return; // A term that never ends and work that returned: nothing left to run.
            }
        }
    }
}
