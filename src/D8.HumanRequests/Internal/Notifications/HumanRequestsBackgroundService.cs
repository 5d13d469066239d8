using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace D8.HumanRequests.Internal;

/// <summary>
/// Loads the store at start-up (a corrupt file stops the host), then drives the notification outbox, the owner
/// alerts' outbox (<see cref="OwnerAlertOutbox"/>), the postponements and the expiries: it wakes when something is
/// queued, when a retry, a postponement, an expiry reminder or an expiry falls due (timers on the injected
/// <see cref="TimeProvider"/>), and every <see cref="D8HumanRequestsOptions.PollInterval"/> to pick up changes made by
/// other processes.
/// </summary>
internal sealed class HumanRequestsBackgroundService : BackgroundService
{
    private readonly HumanRequestManager _manager;
    private readonly HumanRequestOutbox _outbox;
    private readonly HumanRequestsSignal _signal;
    private readonly IHumanRequestsLeadership _leadership;
    private readonly TimeProvider _timeProvider;
    private readonly D8HumanRequestsOptions _options;
    private readonly ILogger _logger;
    private readonly OwnerAlertOutbox _alerts;
    private readonly ProblemLatch _storeProblem = new();
    private string? _problemFile;

    public HumanRequestsBackgroundService(
        HumanRequestManager manager,
        HumanRequestOutbox outbox,
        HumanRequestsSignal signal,
        IHumanRequestsLeadership leadership,
        TimeProvider timeProvider,
        D8HumanRequestsOptions options,
        ILogger<HumanRequestsBackgroundService> logger,
        OwnerAlertOutbox alerts)
    {
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentNullException.ThrowIfNull(outbox);
        ArgumentNullException.ThrowIfNull(signal);
        ArgumentNullException.ThrowIfNull(leadership);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(alerts);
        _manager = manager;
        _outbox = outbox;
        _signal = signal;
        _leadership = leadership;
        _timeProvider = timeProvider;
        _options = options;
        _logger = logger;
        _alerts = alerts;
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await _manager.InitializeAsync(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Among several masters only the leader delivers and runs the timers (IHumanRequestsLeadership).
        while (!stoppingToken.IsCancellationRequested)
        {
            CancellationToken term;
            try
            {
                term = await _leadership.AcquireAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, term);
            await RunPassesAsync(linked.Token).ConfigureAwait(false);
            if (!term.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task RunPassesAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var wakeAt = _timeProvider.GetUtcNow() + _options.PollInterval;
            try
            {
                // Expiry first: a request that expired while postponed is cancelled rather than asked again.
                var expiry = await _manager.ProcessExpiriesAsync(stoppingToken).ConfigureAwait(false);
                var nextDue = await _manager.ResumeDuePostponementsAsync(stoppingToken).ConfigureAwait(false);
                var nextRetry = await _outbox.DeliverDueAsync(stoppingToken).ConfigureAwait(false);
                if (expiry.Deferred)
                {
                    // A due reminder waited for the ask that was just delivered: queue and deliver it in this pass.
                    expiry = await _manager.ProcessExpiriesAsync(stoppingToken).ConfigureAwait(false);
                    if (expiry.Queued)
                    {
                        nextRetry = Earliest(nextRetry, await _outbox.DeliverDueAsync(stoppingToken).ConfigureAwait(false));
                    }
                }

                wakeAt = Earliest(Earliest(wakeAt, nextDue, nextRetry), expiry.Next, null);
                wakeAt = Earliest(wakeAt, await _alerts.DeliverDueAsync(stoppingToken).ConfigureAwait(false), null);
                if (_storeProblem.Clear())
                {
                    Log.StoreUsableAgain(_logger, _problemFile ?? string.Empty);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (HumanRequestStoreException ex)
            {
                // A corrupt, unreadable or unwritable file: one line, once until a pass works again, instead of a stack
                // trace at every poll. The file is left untouched, so nothing is lost while someone fixes it.
                _problemFile = ex.FilePath;
                if (_storeProblem.Set())
                {
                    Log.StoreUnusable(_logger, ex.Message);
                }
            }
            catch (Exception ex)
            {
                Log.BackgroundPassFailed(_logger, ex);
            }

            try
            {
                await _signal.WaitAsync(wakeAt, _timeProvider, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) => a is null || (b is not null && b < a) ? b : a;

    private static DateTimeOffset Earliest(DateTimeOffset wakeAt, DateTimeOffset? a, DateTimeOffset? b)
    {
        if (a < wakeAt)
        {
            wakeAt = a.Value;
        }

        if (b < wakeAt)
        {
            wakeAt = b.Value;
        }

        return wakeAt;
    }
}
