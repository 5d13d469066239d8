using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Slave.Internal;

/// <summary>
/// Probes the capabilities before the host starts serving (so the first health answer is right), then again every
/// <see cref="D8SlaveOptions.CapabilityRefreshInterval"/> in the background.
/// </summary>
internal sealed class CapabilityMonitor(
    CapabilityProbe probe,
    IOptions<D8SlaveOptions> options,
    TimeProvider timeProvider,
    ILogger<CapabilityMonitor> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await probe.RefreshAsync(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.CapabilityRefreshInterval;
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
