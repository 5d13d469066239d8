using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace D8.Distributed.Core.Internal;

/// <summary>
/// The hosted health monitor: picks up other writers' edits of the registry, checks the slaves that are due, then
/// sleeps (on the injected <see cref="TimeProvider"/>) until the next probe is due: the interval for live slaves, a
/// growing backoff for fallen ones. So an edit made by another process is applied within one health interval. A slave
/// added or moved (<see cref="ISlaveRegistry.Changed"/>) wakes it early so it is checked at once. Among several
/// masters it runs on the leader only (<see cref="ID8Leadership"/>), and stops when this master stops leading.
/// </summary>
internal sealed class HealthMonitorService : BackgroundService
{
    private static readonly TimeSpan MinimumWait = TimeSpan.FromMilliseconds(10);
    private readonly SlaveHealthChecker _checker;
    private readonly ISlaveRegistry _registry;
    private readonly ID8Leadership _leadership;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<HealthMonitorService> _logger;
    private readonly SemaphoreSlim _wake = new(0, 1);

    public HealthMonitorService(SlaveHealthChecker checker, ISlaveRegistry registry, ID8Leadership leadership, TimeProvider timeProvider, ILogger<HealthMonitorService> logger)
    {
        _checker = checker;
        _registry = registry;
        _leadership = leadership;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Load the registry now: an unreadable slaves/config.json stops start-up with a message naming the file,
        // instead of failing every sweep later.
        await _registry.RefreshAsync(cancellationToken).ConfigureAwait(false);
        _registry.Changed += OnRegistryChanged;
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _registry.Changed -= OnRegistryChanged;
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let host start-up finish before the first sweep touches the network.
        await Task.Yield();
        await LeaderTerms.RunAsync(_leadership, "health monitor", _logger, MonitorAsync, stoppingToken).ConfigureAwait(false);
    }

    /// <summary>The monitor's loop for one term of leadership (for a single master: until the host stops).</summary>
    private async Task MonitorAsync(CancellationToken stoppingToken)
    {
        Log.MonitorStarted(_logger);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _checker.CheckDueAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // The monitor must outlive any single failed sweep.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.SweepFailed(_logger, ex);
            }

            var wait = _checker.TimeUntilNextProbe();
            using var woken = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var sleep = Task.Delay(wait < MinimumWait ? MinimumWait : wait, _timeProvider, woken.Token);
            var wake = _wake.WaitAsync(woken.Token);
            await Task.WhenAny(sleep, wake).ConfigureAwait(false);

            // Ends the loser; a cancelled task is never faulted, so nothing goes unobserved.
            await woken.CancelAsync().ConfigureAwait(false);
        }
    }

    private void OnRegistryChanged(object? sender, SlaveRegistryChangedEventArgs change)
    {
        if (change.Added.Count == 0 && change.Moved.Count == 0)
        {
            return; // A removed slave needs no check; the next sweep forgets it.
        }

        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled; one wake-up checks every new slave.
        }
        catch (ObjectDisposedException)
        {
            // Stopped.
        }
    }
}
