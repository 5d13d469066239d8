using System.Collections.Concurrent;
using D8.Distributed.Core;
using D8.Distributed.Contracts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Core.Internal;

/// <summary>
/// Probes slaves (health, then version when health does not say), applies the version policy, records the result in
/// the registry, raises transition events and schedules the next probe (fallen slaves: backoff from
/// <see cref="D8MasterOptions.RecoveryProbeDelay"/> up to the interval).
/// </summary>
internal sealed class SlaveHealthChecker : ISlaveHealthMonitor
{
    private readonly FileSlaveRegistry _registry;
    private readonly SlaveClientFactory _clients;
    private readonly MasterVersion _version;
    private readonly IEnumerable<ISlaveEventHandler> _handlers;
    private readonly D8MasterOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SlaveHealthChecker> _logger;
    private readonly SlaveLoadTracker _load;
    private readonly ConcurrentDictionary<string, ProbeSchedule> _schedules = new(StringComparer.Ordinal);

    public SlaveHealthChecker(
        FileSlaveRegistry registry,
        SlaveClientFactory clients,
        MasterVersion version,
        IEnumerable<ISlaveEventHandler> handlers,
        IOptions<D8MasterOptions> options,
        TimeProvider timeProvider,
        ILogger<SlaveHealthChecker> logger,
        SlaveLoadTracker load)
    {
        ArgumentNullException.ThrowIfNull(options);
        _registry = registry;
        _clients = clients;
        _version = version;
        _handlers = handlers;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        _load = load;
    }

    public async Task<IReadOnlyList<SlaveInfo>> CheckAllAsync(CancellationToken cancellationToken = default)
    {
        await CheckManyAsync(_registry.GetAll(), cancellationToken).ConfigureAwait(false);
        return _registry.GetAll();
    }

    public async Task<SlaveInfo> CheckAsync(string slaveId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(slaveId);
        var slave = _registry.Find(slaveId) ?? throw new KeyNotFoundException($"No slave with id '{slaveId}' is registered.");
        await CheckManyAsync([slave], cancellationToken).ConfigureAwait(false);
        return _registry.Find(slaveId) ?? slave;
    }

    /// <summary>Checks the slaves whose next probe is due (all new ones included); used by the hosted monitor.</summary>
    public Task CheckDueAsync(CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        var due = _registry.GetAll().Where(slave => !_schedules.TryGetValue(slave.Id, out var schedule) || schedule.NextProbeAt <= now).ToList();
        return due.Count == 0 ? Task.CompletedTask : CheckManyAsync(due, cancellationToken);
    }

    /// <summary>
    /// Checks the slaves this process has never checked (before a dispatch): their status is either <c>unknown</c> or
    /// whatever the registry file last said, which may be stale.
    /// </summary>
    public Task CheckUncheckedAsync(CancellationToken cancellationToken)
    {
        var notChecked = _registry.GetAll().Where(slave => !_schedules.ContainsKey(slave.Id)).ToList();
        return notChecked.Count == 0 ? Task.CompletedTask : CheckManyAsync(notChecked, cancellationToken);
    }

    /// <summary>How long until the next probe is due; the interval when nothing is scheduled.</summary>
    public TimeSpan TimeUntilNextProbe()
    {
        var now = _timeProvider.GetUtcNow();
        var next = _options.HealthCheckInterval;
        foreach (var slave in _registry.GetAll())
        {
            if (!_schedules.TryGetValue(slave.Id, out var schedule))
            {
                return TimeSpan.Zero;
            }

            var wait = schedule.NextProbeAt - now;
            if (wait < next)
            {
                next = wait;
            }
        }

        return next < TimeSpan.Zero ? TimeSpan.Zero : next;
    }

    private async Task CheckManyAsync(IReadOnlyList<SlaveInfo> slaves, CancellationToken cancellationToken)
    {
        if (slaves.Count > 0)
        {
            // Concurrently, each bounded by its own per-check timeout: one dead slave never delays another.
            await Task.WhenAll(slaves.Select(slave => CheckOneAsync(slave, cancellationToken))).ConfigureAwait(false);
        }

        try
        {
            await _registry.SaveAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            Log.RegistrySaveFailed(_logger, _registry.FilePath, ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            Log.RegistrySaveFailed(_logger, _registry.FilePath, ex);
        }
    }

    private async Task CheckOneAsync(SlaveInfo slave, CancellationToken cancellationToken)
    {
        var probe = await ProbeAsync(slave, cancellationToken).ConfigureAwait(false);
        _load.RecordReport(slave.Id);
        var now = _timeProvider.GetUtcNow();
        var change = _registry.Update(slave.Id, current => probe.Apply(current, now));
        if (change is null)
        {
            return; // Unregistered while being checked.
        }

        var (before, after) = change.Value;
        Schedule(after, now);
        if (after.Status == SlaveStatus.Unhealthy)
        {
            Log.SlaveCheckFailed(_logger, slave.Id, after.LastError ?? "unknown error");
        }

        foreach (var slaveEvent in Transitions(before, after, now))
        {
            await RaiseAsync(slaveEvent, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<ProbeResult> ProbeAsync(SlaveInfo slave, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.HealthCheckTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var client = _clients.Create();
        try
        {
            var health = await client.GetHealthAsync(slave, linked.Token).ConfigureAwait(false);
            var commit = health.Commit;
            var version = health.Version;
            if (string.IsNullOrEmpty(commit) || commit == D8VersionInfo.UnknownValue)
            {
                var reported = await client.GetVersionAsync(slave, linked.Token).ConfigureAwait(false);
                commit = reported.Commit;
                version = reported.Version;
            }

            return ProbeResult.Answered(health, commit, version, _version.Matches(commit), _version.Current.Commit, _options.VersionPolicy);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            return ProbeResult.Failed($"no answer within the health-check timeout of {_options.HealthCheckTimeout.TotalSeconds:0.###} s");
        }
        catch (SlaveTransportException ex)
        {
            return ProbeResult.Failed(ex.Message);
        }
        catch (SlaveRequestException ex)
        {
            return ProbeResult.Failed(ex.Message);
        }
    }

    private void Schedule(SlaveInfo slave, DateTimeOffset now)
    {
        _schedules.AddOrUpdate(
            slave.Id,
            _ => Next(slave, 0, now),
            (_, previous) => Next(slave, previous.ConsecutiveFailures, now));
    }

    private ProbeSchedule Next(SlaveInfo slave, int previousFailures, DateTimeOffset now)
    {
        if (slave.Status != SlaveStatus.Unhealthy)
        {
            return new ProbeSchedule(now + _options.HealthCheckInterval, 0);
        }

        var failures = previousFailures + 1;
        var factor = Math.Pow(2, Math.Min(failures - 1, 20));
        var delay = TimeSpan.FromTicks((long)Math.Min(_options.RecoveryProbeDelay.Ticks * factor, _options.HealthCheckInterval.Ticks));
        return new ProbeSchedule(now + delay, failures);
    }

    private static IEnumerable<SlaveEvent> Transitions(SlaveInfo before, SlaveInfo after, DateTimeOffset now)
    {
        if (after.Status == SlaveStatus.Unhealthy)
        {
            if (before.Status != SlaveStatus.Unhealthy)
            {
                yield return new SlaveEvent(SlaveEventKind.Down, after.Id, before.Status, after.Status, now, after.LastError);
            }

            yield break;
        }

        var wasDown = before.Status is SlaveStatus.Unhealthy;
        var mismatchIsNew = after.VersionMismatch && (!before.VersionMismatch || before.Status is SlaveStatus.Unhealthy or SlaveStatus.Unknown);
        if (mismatchIsNew)
        {
            yield return new SlaveEvent(SlaveEventKind.VersionMismatch, after.Id, before.Status, after.Status, now, after.LastError);
        }

        if (after.Status != SlaveStatus.VersionMismatch && (wasDown || before.Status == SlaveStatus.VersionMismatch))
        {
            yield return new SlaveEvent(SlaveEventKind.Recovered, after.Id, before.Status, after.Status, now, null);
        }
    }

    private async Task RaiseAsync(SlaveEvent slaveEvent, CancellationToken cancellationToken)
    {
        Log.SlaveTransition(_logger, slaveEvent.SlaveId, slaveEvent.Kind, slaveEvent.PreviousStatus, slaveEvent.CurrentStatus);
        foreach (var handler in _handlers)
        {
            try
            {
                await handler.HandleAsync(slaveEvent, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // One failing subscriber (e.g. Telegram down) must not stop the others or the monitor.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.EventHandlerFailed(_logger, handler.GetType().Name, slaveEvent.Kind, slaveEvent.SlaveId, ex);
            }
        }
    }

    private sealed record ProbeSchedule(DateTimeOffset NextProbeAt, int ConsecutiveFailures);
}
