using System.Diagnostics;
using D8.Distributed.Core;
using D8.Distributed.Contracts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Core.Internal;

/// <summary>Eligibility → selector → execute, with failover of the same task_id on transport failures.</summary>
internal sealed class TaskDispatcher : ITaskDispatcher
{
    private readonly ISlaveRegistry _registry;
    private readonly SlaveHealthChecker _checker;
    private readonly SlaveClientFactory _clients;
    private readonly ISlaveSelector _selector;
    private readonly SlaveLoadTracker _load;
    private readonly LatencyTracker _latency;
    private readonly D8Metrics _metrics;
    private readonly TaskHistory _history;
    private readonly D8MasterOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<TaskDispatcher> _logger;

    public TaskDispatcher(
        ISlaveRegistry registry,
        SlaveHealthChecker checker,
        SlaveClientFactory clients,
        ISlaveSelector selector,
        SlaveLoadTracker load,
        LatencyTracker latency,
        D8Metrics metrics,
        TaskHistory history,
        IOptions<D8MasterOptions> options,
        TimeProvider timeProvider,
        ILogger<TaskDispatcher> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _registry = registry;
        _checker = checker;
        _clients = clients;
        _selector = selector;
        _load = load;
        _latency = latency;
        _metrics = metrics;
        _history = history;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public async Task<D8TaskResult> DispatchAsync(D8Task task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        Validate(task);

        var taskId = string.IsNullOrEmpty(task.TaskId) ? Guid.NewGuid().ToString("N") : task.TaskId;
        var startedAt = _timeProvider.GetUtcNow();
        var startedTimestamp = _timeProvider.GetTimestamp();
        var attempted = new List<string>();
        try
        {
            var result = await RunAsync(task, taskId, attempted, cancellationToken).ConfigureAwait(false);
            _history.Record(new DispatchedTask(
                taskId, result.SlaveId, result.Response.Method, task.TaskType, startedAt, _timeProvider.GetElapsedTime(startedTimestamp),
                result.Success, result.Response.ExitCode, result.Response.Output, result.Response.Error));
            return result;
        }
        catch (Exception ex) when (ex is SlaveTransportException or SlaveRequestException or NoEligibleSlaveException)
        {
            _history.Record(new DispatchedTask(
                taskId, attempted.Count > 0 ? attempted[^1] : null, task.Method, task.TaskType, startedAt,
                _timeProvider.GetElapsedTime(startedTimestamp), Success: false, ExitCode: null, string.Empty, ex.Message));
            throw;
        }
    }

    private async Task<D8TaskResult> RunAsync(D8Task task, string taskId, List<string> attempted, CancellationToken cancellationToken)
    {
        var timeout = task.Timeout ?? _options.DefaultTaskTimeout;
        using var activity = D8Telemetry.ActivitySource.StartActivity("d8.dispatch", ActivityKind.Internal);
        activity?.SetTag("d8.task.id", taskId);
        activity?.SetTag("d8.task.type", task.TaskType);

        // Slaves this process has not checked yet (a fresh process: unknown, or a stale status from the registry file)
        // are checked now, rather than excluded as "not checked yet" or trusted blindly.
        await _checker.CheckUncheckedAsync(cancellationToken).ConfigureAwait(false);

        var request = new ExecuteRequest
        {
            Command = task.Command,
            WorkingDir = task.WorkingDirectory,
            TaskId = taskId,
            Method = task.Method,
            TimeoutSeconds = timeout.TotalSeconds,
            Env = task.Environment,
            Stdin = task.Stdin,
        };
        var failed = new Dictionary<string, string>(StringComparer.Ordinal);
        SlaveTransportException? lastFailure = null;

        for (var round = 0; round <= _options.MaxFailoverAttempts; round++)
        {
            var chosen = Choose(task, taskId, failed, lastFailure);
            var slave = chosen.Slave;
            attempted.Add(slave.Id);
            activity?.SetTag("d8.slave.id", slave.Id);
            Log.Dispatching(_logger, taskId, slave.Id, round);
            _metrics.Dispatched(slave.Id, task.TaskType);

            var started = _timeProvider.GetTimestamp();
            try
            {
                ExecuteResponse response;
                using (_load.Begin(slave.Id))
                {
                    response = await _clients.Create()
                        .ExecuteAsync(slave, request, timeout + _options.Resilience.ExecuteTimeoutMargin, cancellationToken)
                        .ConfigureAwait(false);
                }

                var duration = _timeProvider.GetElapsedTime(started);
                _latency.Record(slave.Id, task.TaskType, duration);
                _metrics.Duration(duration, slave.Id, task.TaskType, response.Success);
                if (!response.Success)
                {
                    // It ran and failed: that is the task's answer, never a reason to run it again elsewhere.
                    _metrics.Failed("exit", task.TaskType);
                    activity?.SetStatus(ActivityStatusCode.Error, "task failed");
                }

                Log.Dispatched(_logger, taskId, slave.Id, response.Success, response.ExitCode);
                return new D8TaskResult(taskId, slave.Id, response, attempted, duration);
            }
            catch (SlaveTransportException ex)
            {
                failed[slave.Id] = ex.Message;
                lastFailure = ex;
                Log.TransportFailure(_logger, taskId, slave.Id, ex.Message);
            }
            catch (SlaveRequestException)
            {
                _metrics.Failed("rejected", task.TaskType);
                activity?.SetStatus(ActivityStatusCode.Error, "rejected by slave");
                throw;
            }
        }

        _metrics.Failed("transport", task.TaskType);
        activity?.SetStatus(ActivityStatusCode.Error, "failover budget spent");
        throw new SlaveTransportException(
            $"Task '{taskId}' could not be run: {attempted.Count} slave(s) failed in transport ({string.Join("; ", failed.Select(pair => $"{pair.Key}: {pair.Value}"))}) and D8:Master:MaxFailoverAttempts is {_options.MaxFailoverAttempts}.",
            lastFailure);
    }

    private SlaveCandidate Choose(D8Task task, string taskId, Dictionary<string, string> failed, SlaveTransportException? lastFailure)
    {
        var exclusions = new Dictionary<string, string>(StringComparer.Ordinal);
        var candidates = new List<SlaveCandidate>();
        foreach (var slave in _registry.GetAll())
        {
            var load = _load.EstimatedLoad(slave.Id, slave.RunningTasks);
            var reason = Eligibility.Exclude(slave, task, load, failed);
            if (reason is null)
            {
                candidates.Add(new SlaveCandidate(slave, load, _latency.Average(slave.Id, task.TaskType)));
            }
            else
            {
                exclusions[slave.Id] = reason;
            }
        }

        if (task.SlaveId is not null && !exclusions.ContainsKey(task.SlaveId) && candidates.Count == 0)
        {
            exclusions[task.SlaveId] = "not registered";
        }

        if (candidates.Count == 0)
        {
            _metrics.Failed("no_eligible_slave", task.TaskType);
            throw new NoEligibleSlaveException(taskId, exclusions, lastFailure);
        }

        var chosen = _selector.Choose(task, candidates);
        if (chosen is null)
        {
            foreach (var candidate in candidates)
            {
                exclusions[candidate.Slave.Id] = $"declined by the slave selector ({_selector.GetType().Name})";
            }

            _metrics.Failed("no_eligible_slave", task.TaskType);
            throw new NoEligibleSlaveException(taskId, exclusions, lastFailure);
        }

        if (!candidates.Any(candidate => candidate.Slave.Id == chosen.Slave.Id))
        {
            throw new InvalidOperationException($"The slave selector {_selector.GetType().Name} chose '{chosen.Slave.Id}', which is not one of the eligible slaves.");
        }

        return chosen;
    }

    private static void Validate(D8Task task)
    {
        if (string.IsNullOrWhiteSpace(task.Command))
        {
            throw new ArgumentException("The task has no command: set D8Task.Command to the Python source or shell command line.", nameof(task));
        }

        if (!ExecutionMethod.IsKnown(task.Method))
        {
            throw new ArgumentException($"The task's method '{task.Method}' is not one of {string.Join(", ", ExecutionMethod.All)}.", nameof(task));
        }

        if (task.Timeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"The task's timeout {timeout} must be positive.", nameof(task));
        }

        if (string.IsNullOrWhiteSpace(task.TaskType))
        {
            throw new ArgumentException("The task's type must not be empty.", nameof(task));
        }
    }
}
