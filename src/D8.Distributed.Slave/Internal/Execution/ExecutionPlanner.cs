using System.Globalization;
using D8.Distributed.Contracts;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Slave.Internal;

/// <summary>
/// Validates an execute request against the options and a capability snapshot, chooses the method (the first
/// available one that <c>auto</c> may choose, or the named one) and lets it plan the process. Every refusal
/// carries a message that names the field.
/// </summary>
internal sealed class ExecutionPlanner(IOptions<D8SlaveOptions> options, WorkingDirectoryResolver workingDirectories)
{
    internal const string NoCommandMessage = "No command provided";

    private readonly D8SlaveOptions _options = options.Value;

    /// <summary>Plans <paramref name="request"/> as the task <paramref name="taskId"/> (the request's, or one the slave made up).</summary>
    public ExecutionPlan? Plan(ExecuteRequest request, string taskId, CapabilitySnapshot capabilities, out string? error)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(capabilities);
        if (string.IsNullOrWhiteSpace(request.Command))
        {
            error = NoCommandMessage;
            return null;
        }

        var method = ChooseMethod(request.Method, capabilities, out error);
        if (method is null)
        {
            return null;
        }

        var timeout = ResolveTimeout(request.TimeoutSeconds, out error);
        if (timeout is null)
        {
            return null;
        }

        var workingDirectory = workingDirectories.Resolve(request.WorkingDir, out error);
        if (workingDirectory is null)
        {
            return null;
        }

        if (request.Env is { } env && env.Keys.FirstOrDefault(name => name.Length == 0 || name.Contains('=', StringComparison.Ordinal)) is { } badName)
        {
            error = $"env contains an invalid variable name '{badName}'";
            return null;
        }

        var command = method.Method.Plan(new MethodInvocation(request.Command, workingDirectory, request.Env, method.Probe) { TaskId = taskId });
        var spec = new ProcessSpec(command.FileName, command.Arguments, workingDirectory, request.Env, request.Stdin, timeout.Value, _options.MaxOutputBytes)
        {
            AfterKill = command.AfterKill,
        };
        error = null;
        return new ExecutionPlan(method.Method.Name, spec);
    }

    private static MethodState? ChooseMethod(string? requested, CapabilitySnapshot capabilities, out string? error)
    {
        error = null;
        if (requested is null or ExecutionMethod.Auto)
        {
            var chosen = capabilities.Methods.FirstOrDefault(state => state.Method.ChosenByAuto && state.Probe.IsAvailable);
            if (chosen is null)
            {
                var candidates = capabilities.Methods.Where(state => state.Method.ChosenByAuto).Select(state => state.Method.Name).ToList();
                error = $"No Python execution method is available on this slave (method 'auto' found no {Alternatives(candidates)})";
            }

            return chosen;
        }

        var state = capabilities.Find(requested);
        if (state is null)
        {
            error = $"Unknown method '{requested}': expected one of {string.Join(", ", capabilities.Methods.Select(s => s.Method.Name).Prepend(ExecutionMethod.Auto))}";
            return null;
        }

        if (!state.Probe.IsAvailable)
        {
            error = $"method '{requested}' is not available on this slave ({state.Method.Requirement})";
            return null;
        }

        return state;
    }

    /// <summary><c>a</c>, <c>a or b</c>, <c>a, b or c</c>.</summary>
    private static string Alternatives(List<string> names) => names.Count switch
    {
        0 => "method",
        1 => names[0],
        _ => $"{string.Join(", ", names.Take(names.Count - 1))} or {names[^1]}",
    };

    private TimeSpan? ResolveTimeout(double? requested, out string? error)
    {
        error = null;
        if (requested is null)
        {
            return TimeSpan.FromSeconds(_options.DefaultTimeoutSeconds);
        }

        if (!double.IsFinite(requested.Value) || requested.Value <= 0)
        {
            error = $"timeout_seconds must be a positive number of seconds, got {requested.Value.ToString(CultureInfo.InvariantCulture)}";
            return null;
        }

        return TimeSpan.FromSeconds(Math.Min(requested.Value, _options.MaxTimeoutSeconds));
    }
}
