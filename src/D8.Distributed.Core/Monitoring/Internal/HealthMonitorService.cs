using D8.Distributed.Core.Internal;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace D8.Distributed.Core.Monitoring.Internal;

/// <summary>
/// The hosted health monitor: checks the slaves that are due, then sleeps (on the injected <see cref="TimeProvider"/>)
/// until the next probe is due: the interval for live slaves, a growing backoff for fallen ones.
/// </summary>
internal sealed class HealthMonitorService(SlaveHealthChecker checker, TimeProvider timeProvider, ILogger<HealthMonitorService> logger)
    : BackgroundService
{
    private static readonly TimeSpan MinimumWait = TimeSpan.FromMilliseconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let host start-up finish before the first sweep touches the network.
        await Task.Yield();
        Log.MonitorStarted(logger);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await checker.CheckDueAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // The monitor must outlive any single failed sweep (e.g. an unreadable registry).
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.SweepFailed(logger, ex);
            }

            var wait = checker.TimeUntilNextProbe();
            try
            {
                await Task.Delay(wait < MinimumWait ? MinimumWait : wait, timeProvider, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
