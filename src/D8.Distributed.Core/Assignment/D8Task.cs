using D8.Distributed.Contracts;

namespace D8.Distributed.Core;

/// <summary>
/// A unit of work for a slave: Python source (or a shell command line with <see cref="ExecutionMethod.Shell"/>), how to
/// run it, and what the slave must offer.
/// </summary>
public sealed record D8Task
{
    /// <summary>The task type used when none is given.</summary>
    public const string DefaultTaskType = "default";

    /// <summary>The priority of a task that names none (on the 0–9 scale, higher first).</summary>
    public const int DefaultPriority = 5;

    /// <summary>The highest priority.</summary>
    public const int MaxPriority = 9;

    /// <summary>Gets the Python source to run, or the shell command line when <see cref="Method"/> is <c>shell</c>.</summary>
    public required string Command { get; init; }

    /// <summary>Gets the execution method (<see cref="ExecutionMethod"/>); <c>auto</c> lets the slave choose.</summary>
    public string Method { get; init; } = ExecutionMethod.Auto;

    /// <summary>Gets the time limit; <see langword="null"/> for <see cref="D8MasterOptions.DefaultTaskTimeout"/>.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Gets the capabilities or labels the slave must have (for example <c>docker</c>, <c>gpu</c>).</summary>
    public IReadOnlyList<string> RequiredCapabilities { get; init; } = [];

    /// <summary>Gets the task type: the latency average that breaks load ties is kept per slave and task type.</summary>
    public string TaskType { get; init; } = DefaultTaskType;

    /// <summary>Gets the idempotency key; <see langword="null"/> to have one generated. Failover reuses it.</summary>
    public string? TaskId { get; init; }

    /// <summary>Gets the id of the only slave this task may run on; <see langword="null"/> to let the selector choose.</summary>
    public string? SlaveId { get; init; }

    /// <summary>Gets the working directory on the slave; <see langword="null"/> for the slave's default.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Gets extra environment variables for the process.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>Gets text written to the process's standard input.</summary>
    public string? Stdin { get; init; }

    /// <summary>Gets the queue priority, 0–<see cref="MaxPriority"/>: higher starts first, FIFO within a priority.</summary>
    public int Priority { get; init; } = DefaultPriority;

    /// <summary>
    /// Gets how many times the queue may run the task again when it was lost (its slave forgot it across a master
    /// restart). 0, the default, never runs a task twice.
    /// </summary>
    public int MaxRetries { get; init; }

    /// <summary>Gets who queues the task (for example <c>cli</c>, <c>api</c>, an application name); shown on the dashboard.</summary>
    public string? SubmittedBy { get; init; }

    /// <summary>Creates a Python task.</summary>
    /// <param name="code">The Python source.</param>
    /// <returns>A task with method <c>auto</c>.</returns>
    public static D8Task Python(string code) => new() { Command = code };

    /// <summary>Creates a shell task; only slaves that report the <c>shell</c> method are eligible.</summary>
    /// <param name="commandLine">The command line.</param>
    /// <returns>A task with method <c>shell</c>.</returns>
    public static D8Task Shell(string commandLine) => new() { Command = commandLine, Method = ExecutionMethod.Shell };
}
