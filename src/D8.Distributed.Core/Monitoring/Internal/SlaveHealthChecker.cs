using System.Collections.Concurrent;
using D8.Distributed.Core;
using D8.Distributed.Contracts;
using D8.Shared.AtomicFiles;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Core.Internal;

/// <summary>
/// Probes slaves (health, then version when health does not say), applies the version policy, records the results in
/// the registry (one update per sweep, through <see cref="ISlaveRegistry"/> only, so a replaced registry is the one
/// monitored), raises transition events and schedules the next probe (fallen slaves: backoff from
/// <see cref="D8MasterOptions.RecoveryProbeDelay"/> up to the interval).
/// </summary>
internal sealed class SlaveHealthChecker : ISlaveHealthMonitor
{
    private readonly ISlaveRegistry _registry;
    private readonly SlaveClientFactory _clients;
    private readonly MasterVersion _version;
    private readonly IEnumerable<ISlaveEventHandler> _handlers;
    private readonly D8MasterOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SlaveHealthChecker> _logger;
    private readonly SlaveLoadTracker _load;
    private readonly ConcurrentDictionary<string, ProbeSchedule> _schedules = new(StringComparer.Ordinal);
    private readonly ProblemLatch _refreshProblem = new();

    public SlaveHealthChecker(
        ISlaveRegistry registry,
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
        await _registry.RefreshAsync(cancellationToken).ConfigureAwait(false);
        await CheckManyAsync(_registry.GetAll(), cancellationToken).ConfigureAwait(false);
        return _registry.GetAll();
    }

    public async Task<SlaveInfo> CheckAsync(string slaveId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(slaveId);
        await _registry.RefreshAsync(cancellationToken).ConfigureAwait(false);
        var slave = _registry.Find(slaveId) ?? throw new KeyNotFoundException($"No slave with id '{slaveId}' is registered.");
        await CheckManyAsync([slave], cancellationToken).ConfigureAwait(false);
        return _registry.Find(slaveId) ?? slave;
    }

    /// <summary>
    /// Picks up other writers' edits of the registry, then checks the slaves whose next probe is due (new and moved ones
    /// included); used by the hosted monitor.
    /// </summary>
    public async Task CheckDueAsync(CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        var now = _timeProvider.GetUtcNow();
        var slaves = _registry.GetAll();
        ForgetRemoved(slaves);
        var due = slaves.Where(slave => ScheduleOf(slave) is not { } schedule || schedule.NextProbeAt <= now).ToList();
        if (due.Count > 0)
        {
            await CheckManyAsync(due, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Checks the slaves this process has never checked (before a dispatch): their status is either <c>unknown</c> or
    /// whatever the registry file last said, which may be stale. Edits of other writers are picked up first.
    /// </summary>
    public async Task CheckUncheckedAsync(CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        var notChecked = _registry.GetAll().Where(slave => ScheduleOf(slave) is null).ToList();
        if (notChecked.Count > 0)
        {
            await CheckManyAsync(notChecked, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>How long until the next probe is due; the interval when nothing is scheduled.</summary>
    public TimeSpan TimeUntilNextProbe()
    {
        var now = _timeProvider.GetUtcNow();
        var next = _options.HealthCheckInterval;
        foreach (var slave in _registry.GetAll())
        {
            if (ScheduleOf(slave) is not { } schedule)
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

    /// <summary>
    /// Probes the slaves concurrently, then records every result in one registry update (one locked write of the file
    /// per sweep, merged onto what other writers changed meanwhile), then raises the transitions.
    /// </summary>
    private async Task CheckManyAsync(IReadOnlyList<SlaveInfo> slaves, CancellationToken cancellationToken)
    {
        // Concurrently, each bounded by its own per-check timeout: one dead slave never delays another.
        var probes = await Task.WhenAll(slaves.Select(slave => MeasureAsync(slave, cancellationToken))).ConfigureAwait(false);
        var updates = probes
            .Select(measured => new SlaveUpdate(
                measured.Slave.Id,
                current => SameAddress(current, measured.Slave) ? measured.Probe.Apply(current, measured.At) : current))
            .ToList();
        var changes = await _registry.UpdateAsync(updates, cancellationToken).ConfigureAwait(false);

        foreach (var (before, after) in changes)
        {
            var at = probes.First(measured => measured.Slave.Id == after.Id).At;
            Schedule(after, at);
            if (after.Status == SlaveStatus.Unhealthy)
            {
                Log.SlaveCheckFailed(_logger, after.Id, after.LastError ?? "unknown error");
            }

            foreach (var slaveEvent in Transitions(before, after, at))
            {
                await RaiseAsync(slaveEvent, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<Measurement> MeasureAsync(SlaveInfo slave, CancellationToken cancellationToken)
    {
        var probe = await ProbeAsync(slave, cancellationToken).ConfigureAwait(false);
        _load.RecordReport(slave.Id);
        return new Measurement(slave, probe, _timeProvider.GetUtcNow());
    }

    /// <summary>
    /// Other writers' edits, when the registry can read them; otherwise the sweep goes on with what it has, and the
    /// failure is logged once (one line), again only after a refresh worked in between: the monitor refreshes every
    /// interval and before every dispatch.
    /// </summary>
    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _registry.RefreshAsync(cancellationToken).ConfigureAwait(false);
            _refreshProblem.Clear();
        }
        catch (SlaveRegistryException ex)
        {
            if (_refreshProblem.Set())
            {
                Log.RegistryRefreshFailed(_logger, ex.Message);
            }
        }
    }

    /// <summary>The slave's schedule, or null when it was never checked here or has moved since.</summary>
    private ProbeSchedule? ScheduleOf(SlaveInfo slave) =>
        _schedules.TryGetValue(slave.Id, out var schedule) && string.Equals(schedule.Host, slave.Host, StringComparison.OrdinalIgnoreCase) && schedule.Port == slave.Port
            ? schedule
            : null;

    private void ForgetRemoved(IReadOnlyList<SlaveInfo> slaves)
    {
        if (_schedules.Count <= slaves.Count && slaves.All(slave => _schedules.ContainsKey(slave.Id)))
        {
            return;
        }

        var present = slaves.Select(slave => slave.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var id in _schedules.Keys)
        {
            if (!present.Contains(id))
            {
                _schedules.TryRemove(id, out _);
            }
        }
    }

    private static bool SameAddress(SlaveInfo current, SlaveInfo probed) =>
        string.Equals(current.Host, probed.Host, StringComparison.OrdinalIgnoreCase) && current.Port == probed.Port;

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
            (_, previous) => Next(slave, SameAddress(slave, previous) ? previous.ConsecutiveFailures : 0, now));
    }

    private static bool SameAddress(SlaveInfo slave, ProbeSchedule schedule) =>
        string.Equals(slave.Host, schedule.Host, StringComparison.OrdinalIgnoreCase) && slave.Port == schedule.Port;

    private ProbeSchedule Next(SlaveInfo slave, int previousFailures, DateTimeOffset now)
    {
        if (slave.Status != SlaveStatus.Unhealthy)
        {
            return new ProbeSchedule(now + _options.HealthCheckInterval, 0, slave.Host, slave.Port);
        }

        var failures = previousFailures + 1;
        var factor = Math.Pow(2, Math.Min(failures - 1, 20));
        var delay = TimeSpan.FromTicks((long)Math.Min(_options.RecoveryProbeDelay.Ticks * factor, _options.HealthCheckInterval.Ticks));
        return new ProbeSchedule(now + delay, failures, slave.Host, slave.Port);
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

    private sealed record ProbeSchedule(DateTimeOffset NextProbeAt, int ConsecutiveFailures, string Host, int Port);

    private sealed record Measurement(SlaveInfo Slave, ProbeResult Probe, DateTimeOffset At);
}
