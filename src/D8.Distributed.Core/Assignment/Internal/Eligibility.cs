using D8.Distributed.Contracts;
using D8.Distributed.Core;

namespace D8.Distributed.Core.Internal;

/// <summary>Eligibility: not drained by the operator, healthy, same version, not draining, has the capabilities, below its concurrency.</summary>
internal static class Eligibility
{
    /// <summary>Why the slave cannot take the task, or <see langword="null"/> when it can.</summary>
    public static string? Exclude(SlaveInfo slave, D8Task task, int load, IReadOnlyDictionary<string, string> alreadyFailed)
    {
        if (task.SlaveId is not null && !string.Equals(task.SlaveId, slave.Id, StringComparison.Ordinal))
        {
            return $"the task asks for slave '{task.SlaveId}'";
        }

        if (alreadyFailed.TryGetValue(slave.Id, out var failure))
        {
            return $"already failed this task ({failure})";
        }

        if (slave.Drained)
        {
            return "drained by the operator";
        }

        var status = slave.Status switch
        {
            SlaveStatus.Healthy => null,
            SlaveStatus.Unknown => "not checked yet",
            SlaveStatus.Draining => "draining (refuses new work)",
            SlaveStatus.VersionMismatch => $"version mismatch ({slave.LastError ?? "another commit"})",
            SlaveStatus.Unhealthy => $"unhealthy ({slave.LastError ?? "no answer"})",
            _ => $"status {slave.Status}",
        };
        if (status is not null)
        {
            return status;
        }

        var missing = Required(task).Where(capability => !slave.HasCapability(capability)).ToList();
        if (missing.Count > 0)
        {
            return $"lacks {(missing.Count == 1 ? "capability" : "capabilities")} {string.Join(", ", missing.Select(name => $"'{name}'"))}";
        }

        if (slave.MaxConcurrentTasks is { } maximum && load >= maximum)
        {
            return $"at capacity ({load} of {maximum} tasks running)";
        }

        return null;
    }

    /// <summary>The task's own requirements plus the execution method it names (a slave must have it).</summary>
    public static IEnumerable<string> Required(D8Task task)
    {
        var required = task.RequiredCapabilities.AsEnumerable();
        if (!string.Equals(task.Method, ExecutionMethod.Auto, StringComparison.Ordinal))
        {
            required = required.Append(task.Method);
        }

        return required.Distinct(StringComparer.OrdinalIgnoreCase);
    }
}
