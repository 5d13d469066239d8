using System.Text.RegularExpressions;
using D8.Distributed.Contracts;
using D8.Distributed.Core;

namespace D8.Dashboard.Internal;

/// <summary>The checks of <c>POST /api/v1/tasks</c>, each refusal naming the field as the wire spells it.</summary>
internal static partial class TaskSubmission
{
    /// <summary>The longest time limit a task may ask for (the range of <see cref="D8MasterOptions.DefaultTaskTimeout"/>).</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromDays(1);

    /// <summary>The most re-runs of a lost task a caller may ask for.</summary>
    public const int MaxRetries = 100;

    public const string DefaultSubmitter = "api";

    public static D8Task ToTask(TaskSubmitRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Command))
        {
            throw ApiException.BadRequest("No command provided: 'command' is required (Python source, or a shell command line with \"method\": \"shell\").");
        }

        NoNul(request.Command, "command");
        var method = request.Method ?? ExecutionMethod.Auto;
        if (!ExecutionMethod.IsKnown(method))
        {
            throw ApiException.BadRequest($"'method' must be one of {string.Join(", ", ExecutionMethod.All)} (got '{method}').");
        }

        var priority = request.Priority ?? D8Task.DefaultPriority;
        if (priority is < 0 or > D8Task.MaxPriority)
        {
            throw ApiException.BadRequest($"'priority' must be 0-{D8Task.MaxPriority} (higher starts first; got {priority}).");
        }

        TimeSpan? timeout = null;
        if (request.TimeoutSeconds is { } seconds)
        {
            if (!double.IsFinite(seconds) || seconds <= 0 || seconds > MaxTimeout.TotalSeconds)
            {
                throw ApiException.BadRequest($"'timeout_seconds' must be more than 0 and at most {MaxTimeout.TotalSeconds:0} (got {seconds}).");
            }

            timeout = TimeSpan.FromSeconds(seconds);
        }

        var retries = request.MaxRetries ?? 0;
        if (retries is < 0 or > MaxRetries)
        {
            throw ApiException.BadRequest($"'max_retries' must be 0-{MaxRetries} (got {retries}).");
        }

        if (request.TaskId is { } taskId && !TaskIdPattern().IsMatch(taskId))
        {
            throw ApiException.BadRequest($"'task_id' must be 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit (got '{taskId}').");
        }

        return new D8Task
        {
            Command = request.Command,
            Method = method,
            Timeout = timeout,
            RequiredCapabilities = Names(request.Capabilities, "capabilities"),
            TaskType = Optional(request.TaskType, "task_type") ?? D8Task.DefaultTaskType,
            TaskId = request.TaskId,
            SlaveId = Optional(request.SlaveId, "slave_id"),
            WorkingDirectory = Optional(request.WorkingDir, "working_dir"),
            Environment = Environment(request.Env),
            Stdin = request.Stdin is null ? null : NoNul(request.Stdin, "stdin"),
            Priority = priority,
            MaxRetries = retries,
            SubmittedBy = Optional(request.SubmittedBy, "submitted_by") ?? DefaultSubmitter,
        };
    }

    internal static string NoNul(string value, string field) =>
        value.Contains('\0', StringComparison.Ordinal)
            ? throw ApiException.BadRequest($"'{field}' contains a NUL character, which no process can receive.")
            : value;

    private static string? Optional(string? value, string field)
    {
        if (value is null)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            throw ApiException.BadRequest($"'{field}' must not be empty (leave it out instead).");
        }

        return NoNul(value.Trim(), field);
    }

    private static string[] Names(IReadOnlyList<string>? names, string field)
    {
        if (names is null)
        {
            return [];
        }

        foreach (var name in names)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw ApiException.BadRequest($"'{field}' must not hold an empty name.");
            }

            NoNul(name, field);
        }

        return [.. names.Select(name => name.Trim()).Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    private static Dictionary<string, string>? Environment(IReadOnlyDictionary<string, string>? env)
    {
        if (env is null)
        {
            return null;
        }

        foreach (var (name, value) in env)
        {
            if (string.IsNullOrEmpty(name) || name.Contains('=', StringComparison.Ordinal))
            {
                throw ApiException.BadRequest($"'env' has the name '{name}': a variable name must be non-empty and without '='.");
            }

            NoNul(name, "env");
            if (value is null)
            {
                throw ApiException.BadRequest($"'env' gives '{name}' no value: values must be strings.");
            }

            NoNul(value, "env");
        }

        return new Dictionary<string, string>(env, StringComparer.Ordinal);
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex TaskIdPattern();
}
