using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace D8.Distributed.Core.Internal;

/// <summary>
/// The master's <see cref="IHealthCheck"/> (<c>d8-master</c>), over the registry and the task queue: Healthy when at
/// least one slave is healthy and the store answers; Degraded when no slave is healthy (tasks only wait) or the queue
/// is over 90 % of its bound; Unhealthy when the store or the registry cannot be read. The data carries the counts.
/// </summary>
internal sealed class D8MasterHealthCheck(ISlaveRegistry registry, ITaskQueue queue, ID8Leadership leadership) : IHealthCheck
{
    /// <summary>The name the check is registered under.</summary>
    public const string Name = "d8-master";

    /// <summary>The share of <see cref="D8TaskQueueOptions.MaxQueuedTasks"/> above which the queue counts as nearly full.</summary>
    private const double NearlyFull = 0.9;

    /// <summary>
    /// Adds the health check services and this check, once: AddD8Master is safe to call twice, and two checks of one
    /// name would make <see cref="HealthCheckService"/> throw.
    /// </summary>
    public static void Register(IServiceCollection services)
    {
        services.AddHealthChecks();
        services.Configure<HealthCheckServiceOptions>(options =>
        {
            if (!options.Registrations.Any(registration => registration.Name == Name))
            {
                options.Registrations.Add(new HealthCheckRegistration(Name, ActivatorUtilities.GetServiceOrCreateInstance<D8MasterHealthCheck>, failureStatus: null, tags: null));
            }
        });
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        D8QueueStatistics statistics;
        int healthySlaves;
        try
        {
            statistics = await queue.GetStatisticsAsync(cancellationToken).ConfigureAwait(false);
            healthySlaves = registry.GetAll().Count(slave => slave.Status == SlaveStatus.Healthy);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Whatever the store throws (an I/O error, a locked database, a lost connection) means the master cannot
            // keep its promise of a durable queue: that is the unhealthy case, reported with its cause.
            return new HealthCheckResult(context?.Registration.FailureStatus ?? HealthStatus.Unhealthy, $"The task store or the registry cannot be read: {ex.Message}", ex);
        }

        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["queued"] = statistics.Queued,
            ["running"] = statistics.Running,
            ["healthy_slaves"] = healthySlaves,
            ["role"] = leadership.Role.ToWireName(),
        };
        var problems = new List<string>();
        if (healthySlaves == 0)
        {
            problems.Add("no slave is healthy, so queued tasks wait");
        }

        if (statistics.Queued > statistics.Capacity * NearlyFull)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"the queue is nearly full ({statistics.Queued} of {statistics.Capacity} tasks waiting)"));
        }

        var summary = string.Create(CultureInfo.InvariantCulture, $"{statistics.Queued} queued, {statistics.Running} running, {healthySlaves} healthy slaves");
        return problems.Count == 0
            ? HealthCheckResult.Healthy(summary, data)
            : HealthCheckResult.Degraded($"{summary}: {string.Join("; ", problems)}.", data: data);
    }
}
