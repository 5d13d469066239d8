using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Slave.Internal;

/// <summary>
/// Probes the capabilities at start, then again every <see cref="D8SlaveOptions.CapabilityRefreshInterval"/>, in the
/// background. The first probe (a Python spawn, slow behind a version manager's shim) runs while Kestrel starts instead
/// of before it; health and execute await its result (<see cref="CapabilityProbe.CurrentAsync"/>), so the first
/// answer is still right (docs/performance.md).
/// </summary>
internal sealed class CapabilityMonitor(
    CapabilityProbe probe,
    IOptions<D8SlaveOptions> options,
    TimeProvider timeProvider,
    ILogger<CapabilityMonitor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.CapabilityRefreshInterval;
        try
        {
            await probe.RefreshAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.RefreshFailed(logger, ex);
        }
        finally
        {
            probe.FirstProbeAbandoned();
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, timeProvider, stoppingToken).ConfigureAwait(false);
                await probe.RefreshAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A failing probe must not end the refresh loop: the previous snapshot stays in force.
                Log.RefreshFailed(logger, ex);
            }
        }
    }
}
