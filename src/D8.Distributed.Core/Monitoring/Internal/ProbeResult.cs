using D8.Distributed.Contracts;
using D8.Distributed.Core;

namespace D8.Distributed.Core.Internal;

/// <summary>The outcome of one probe, applied to the slave's snapshot in the registry.</summary>
internal sealed class ProbeResult
{
    private HealthResponse? _health;
    private string? _commit;
    private string? _version;
    private bool _mismatch;
    private string? _error;
    private SlaveStatus _status;

    private ProbeResult()
    {
    }

    public static ProbeResult Failed(string error) => new() { _status = SlaveStatus.Unhealthy, _error = error };

    public static ProbeResult Answered(HealthResponse health, string commit, string version, bool commitMatches, string masterCommit, D8VersionPolicy policy)
    {
        var draining = string.Equals(health.Status, "draining", StringComparison.OrdinalIgnoreCase);
        var status = draining ? SlaveStatus.Draining
            : !commitMatches && policy == D8VersionPolicy.ExactMatch ? SlaveStatus.VersionMismatch
            : SlaveStatus.Healthy;
        return new ProbeResult
        {
            _health = health,
            _commit = commit,
            _version = version,
            _mismatch = !commitMatches,
            _status = status,
            _error = commitMatches ? null : $"slave runs commit '{commit}', the master runs '{masterCommit}'",
        };
    }

    public SlaveInfo Apply(SlaveInfo current, DateTimeOffset now)
    {
        if (_health is null)
        {
            return current with { Status = _status, LastError = _error };
        }

        return current with
        {
            Status = _status,
            LastSeen = now,
            Commit = _commit,
            Version = _version,
            VersionMismatch = _mismatch,
            LastError = _error,
            RunningTasks = _health.RunningTasks,
            MaxConcurrentTasks = _health.MaxConcurrentTasks,
            ReportedCapabilities = ReportedCapabilities(_health),
        };
    }

    private static string[] ReportedCapabilities(HealthResponse health)
    {
        var list = new List<string>();
        var methods = health.ExecutionMethods;
        if (methods.Docker)
        {
            list.Add(ExecutionMethod.Docker);
        }

        if (methods.Venv)
        {
            list.Add(ExecutionMethod.Venv);
        }

        if (methods.Python)
        {
            list.Add(ExecutionMethod.Python);
        }

        if (methods.Shell)
        {
            list.Add(ExecutionMethod.Shell);
        }

        if (health.Capabilities is not null)
        {
            list.AddRange(health.Capabilities.Where(capability => !string.IsNullOrWhiteSpace(capability)));
        }

        return [.. list.Distinct(StringComparer.OrdinalIgnoreCase)];
    }
}
