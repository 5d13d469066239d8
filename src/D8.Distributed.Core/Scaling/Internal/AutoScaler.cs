using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Core.Internal;

/// <summary>
/// The auto-scaler (§14), on the leader only: when the oldest queued task has waited longer than
/// <see cref="D8AutoScaleOptions.ScaleUpQueueWait"/> for <see cref="D8AutoScaleOptions.ScaleUpAfter"/>, it starts one
/// more slave through the <see cref="ISlaveProvisioner"/> (after an approval when it costs money), registers it and
/// waits until it is healthy, up to <see cref="D8AutoScaleOptions.MaxAddedSlaves"/>; a slave it added that has been
/// idle with nothing queued for <see cref="D8AutoScaleOptions.IdleBeforeRemoval"/> is unregistered, then stopped.
/// Slaves it did not start are never touched.
/// </summary>
internal sealed class AutoScaler : BackgroundService
{
    private readonly IServiceProvider _services;
    private readonly D8MasterOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<AutoScaler> _logger;
    private readonly Dictionary<string, DateTimeOffset> _idleSince = new(StringComparer.Ordinal);
    private DateTimeOffset? _pressureSince;
    private DateTimeOffset _nextStartAllowed = DateTimeOffset.MinValue;

    public AutoScaler(IServiceProvider services, IOptions<D8MasterOptions> options, TimeProvider time, ILogger<AutoScaler> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _services = services;
        _options = options.Value;
        _time = time;
        _logger = logger;
        Slaves = new ScaledSlaves(Path.Combine(_options.DataDirectory, "autoscaler.json"));
    }

    /// <summary>Gets the slaves this scaler started and has not removed yet.</summary>
    public ScaledSlaves Slaves { get; }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.AutoScale.Enabled)
        {
            if (_services.GetService<ISlaveProvisioner>() is null)
            {
                throw new OptionsValidationException(
                    D8MasterOptions.SectionName,
                    typeof(D8MasterOptions),
                    ["D8:Master:AutoScale:Enabled is true but no slave provisioner is registered: call AddD8Master().UseSlaveProvisioner<T>() (for example the Docker provisioner), or turn the auto-scaler off."]);
            }

            Slaves.Load();
        }

        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.AutoScale.Enabled)
        {
            return;
        }

        await Task.Yield();
        var leadership = _services.GetRequiredService<ID8Leadership>();
        await LeaderTerms.RunAsync(leadership, "auto-scaler", _logger, RunTermAsync, stoppingToken).ConfigureAwait(false);
    }

    private async Task RunTermAsync(CancellationToken term)
    {
        var provisioner = _services.GetRequiredService<ISlaveProvisioner>();
        Log.ScalerStarted(_logger, provisioner.Name, _options.AutoScale.MaxAddedSlaves, Slaves.All.Count);
        while (!term.IsCancellationRequested)
        {
            try
            {
                await StepAsync(provisioner, term).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (term.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The scaler must outlive a failed step (a provisioner error, a store hiccup); it logs and goes on.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.ScalerStepFailed(_logger, ex);
            }

            await Task.Delay(_options.AutoScale.CheckInterval, _time, term).ConfigureAwait(false);
        }
    }

    /// <summary>One look at the queue and the added slaves.</summary>
    internal async Task StepAsync(ISlaveProvisioner provisioner, CancellationToken cancellationToken)
    {
        var rules = _options.AutoScale;
        var store = _services.GetRequiredService<ITaskStore>();
        var registry = _services.GetRequiredService<ISlaveRegistry>();
        var load = _services.GetRequiredService<SlaveLoadTracker>();
        var now = _time.GetUtcNow();
        var queued = await store.GetQueuedAsync(64, cancellationToken).ConfigureAwait(false);
        var oldestWait = queued.Count == 0 ? TimeSpan.Zero : now - queued.Min(task => task.QueuedAt);

        // Scale down: an added slave idle, with nothing queued, for long enough.
        foreach (var added in Slaves.All)
        {
            var slave = registry.Find(added.SlaveId);
            var busy = slave is not null && load.EstimatedLoad(slave.Id, slave.RunningTasks) > 0;
            if (busy || queued.Count > 0)
            {
                _idleSince.Remove(added.SlaveId);
                continue;
            }

            var since = _idleSince.TryGetValue(added.SlaveId, out var idle) ? idle : _idleSince[added.SlaveId] = now;
            if (now - since >= rules.IdleBeforeRemoval)
            {
                await RemoveAsync(provisioner, added, "idle", cancellationToken).ConfigureAwait(false);
            }
        }

        // Scale up: the queue under pressure for long enough.
        if (oldestWait < rules.ScaleUpQueueWait)
        {
            _pressureSince = null;
            return;
        }

        _pressureSince ??= now;
        if (now - _pressureSince < rules.ScaleUpAfter || now < _nextStartAllowed || Slaves.All.Count >= rules.MaxAddedSlaves)
        {
            return;
        }

        _nextStartAllowed = now + rules.ScaleUpAfter;
        var reason = string.Create(CultureInfo.InvariantCulture, $"{queued.Count} task(s) queued, the oldest waiting {oldestWait.TotalSeconds:0} s");
        await AddAsync(provisioner, reason, cancellationToken).ConfigureAwait(false);
    }

    private async Task AddAsync(ISlaveProvisioner provisioner, string reason, CancellationToken cancellationToken)
    {
        var id = $"{provisioner.Name}-{Guid.NewGuid().ToString("N")[..8]}";
        if (provisioner.CostPerHour is { } cost)
        {
            var approver = _services.GetService<ISlaveProvisioningApprover>();
            if (approver is null)
            {
                Log.ScalerNoApprover(_logger, provisioner.Name, cost, provisioner.Currency);
                return;
            }

            Log.ScalerAsking(_logger, id, cost, provisioner.Currency, reason);
            if (!await approver.ApproveAsync(new SlaveProvisioningProposal(id, provisioner.Name, cost, provisioner.Currency, reason), cancellationToken).ConfigureAwait(false))
            {
                Log.ScalerRefused(_logger, id);
                return;
            }
        }

        Log.ScalerStarting(_logger, id, provisioner.Name, reason);
        // Its own token, kept with the per-slave tokens (slaves/secrets.json, 0600): the added slave's token opens that
        // slave only, and goes when it does.
        var secrets = _services.GetRequiredService<SlaveSecretStore>();
        var token = RandomNumberGenerator.GetHexString(48, lowercase: true);
        await secrets.SetTokenAsync(id, token, cancellationToken).ConfigureAwait(false);
        ProvisionedSlave started;
        try
        {
            started = await provisioner.StartAsync(new SlaveProvisionRequest(id, token, _services.GetRequiredService<MasterVersion>().Current.Commit), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await secrets.SetTokenAsync(id, null, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        var scaled = new ScaledSlave(id, provisioner.Name, started.Host, started.Port, started.Reference, _time.GetUtcNow());
        Slaves.Add(scaled);
        var deadline = _time.GetUtcNow() + _options.AutoScale.StartTimeout;
        // A slave still booting refuses connections: probing it through the resilient client (the scaler's checks, the
        // health monitor's) would open its circuit breaker, and then it could not be checked for a minute. So it is
        // registered only once it answers /api/health on a plain client.
        await WaitUntilItAnswersAsync(started, deadline, cancellationToken).ConfigureAwait(false);
        var registry = _services.GetRequiredService<ISlaveRegistry>();
        await registry.RegisterAsync(new SlaveRegistration(id, started.Host, started.Port) { InstallMethod = "autoscaler" }, cancellationToken).ConfigureAwait(false);

        var checker = _services.GetRequiredService<SlaveHealthChecker>();
        while (true)
        {
            var checkedSlave = await checker.CheckAsync(id, cancellationToken).ConfigureAwait(false);
            if (checkedSlave.Status == SlaveStatus.Healthy)
            {
                Log.ScalerAdded(_logger, id, started.Host, started.Port);
                return;
            }

            if (_time.GetUtcNow() >= deadline)
            {
                Log.ScalerStartFailed(_logger, id, checkedSlave.Status.ToString(), checkedSlave.LastError ?? "no answer");
                await RemoveAsync(provisioner, scaled, "never became healthy", cancellationToken).ConfigureAwait(false);
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Polls <c>/api/health</c> without retries or breaker until it answers with a success, or the deadline passes.</summary>
    private async Task WaitUntilItAnswersAsync(ProvisionedSlave slave, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        using var http = _services.GetRequiredService<IHttpClientFactory>().CreateClient();
        http.Timeout = _options.HealthCheckTimeout;
        var health = new UriBuilder(Uri.UriSchemeHttp, slave.Host, slave.Port, "/api/health").Uri;
        while (_time.GetUtcNow() < deadline)
        {
            try
            {
                using var response = await http.GetAsync(health, cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RemoveAsync(ISlaveProvisioner provisioner, ScaledSlave slave, string why, CancellationToken cancellationToken)
    {
        // Out of the registry first, so no task is placed on it while it stops.
        await _services.GetRequiredService<ISlaveRegistry>().UnregisterAsync(slave.SlaveId, cancellationToken).ConfigureAwait(false);
        await provisioner.StopAsync(slave.ToProvisioned(), cancellationToken).ConfigureAwait(false);
        await _services.GetRequiredService<SlaveSecretStore>().SetTokenAsync(slave.SlaveId, null, cancellationToken).ConfigureAwait(false);
        Slaves.Remove(slave.SlaveId);
        _idleSince.Remove(slave.SlaveId);
        Log.ScalerRemoved(_logger, slave.SlaveId, why);
    }
}
