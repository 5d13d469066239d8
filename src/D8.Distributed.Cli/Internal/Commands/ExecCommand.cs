using System.CommandLine;
using System.Globalization;
using D8.Distributed.Contracts;
using D8.Distributed.Core;
using Microsoft.Extensions.DependencyInjection;

namespace D8.Distributed.Cli.Internal;

/// <summary>
/// <c>exec</c>: queues one task on the running master and waits for it (unless <c>--detach</c>), printing its output;
/// without a master, runs it in this process (an in-memory queue) on the best slave.
/// </summary>
internal sealed class ExecCommand : Command
{
    /// <summary>The <c>submitted_by</c> of the tasks this command line queues.</summary>
    public const string Submitter = "cli";

    private readonly CliContext _context;
    private readonly Option<string?> _slave = new("--slave") { Description = "Run on this slave (default: the best eligible one)" };
    private readonly Option<string> _method = new("--method")
    {
        Description = "Execution method",
        DefaultValueFactory = _ => ExecutionMethod.Auto,
    };

    // Read with the invariant culture, like --cost: System.CommandLine would use the machine's, where 1.5 can be 15 (es-ES).
    private readonly Option<double?> _timeout = TaskOptions.Seconds("--timeout", "Time limit in seconds, e.g. 90 or 1.5 (default: D8:Master:DefaultTaskTimeout)");
    private readonly Option<string?> _type = new("--type") { Description = "The task's type, for statistics and predictions (default: default)" };
    private readonly Option<int?> _priority = new("--priority") { Description = "0-9, higher starts first (default 5); FIFO within a priority" };
    private readonly Option<string?> _code = new("--code") { Description = "Python source to run, e.g. \"print(6*7)\"" };
    private readonly Option<FileInfo?> _file = new("--file") { Description = "A Python file to run" };
    private readonly Option<string[]> _capabilities = new("--capability") { Description = "A label the slave must have; repeat for several" };
    private readonly Option<string[]> _env = new("--env") { Description = "An environment variable for the task, NAME=value; repeat for several", HelpName = "K=V" };
    private readonly Option<bool> _detach = new("--detach") { Description = "Only queue the task and print its id (needs the running master); wait later with: d8-master tasks wait <id>" };

    public ExecCommand(CliContext context)
        : base("exec", "Queue one task and wait for it, printing its output; the exit code mirrors its success")
    {
        _context = context;
        _method.AcceptOnlyFromAmong([.. ExecutionMethod.All]);
        _priority.Validators.Add(result =>
        {
            if (result.Tokens is [{ } token]
                && int.TryParse(token.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
                && value is < 0 or > D8Task.MaxPriority)
            {
                result.AddError($"--priority {value} is not 0-{D8Task.MaxPriority} (higher starts first).");
            }
        });
        _env.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (token.Value.IndexOf('=', StringComparison.Ordinal) < 1)
                {
                    result.AddError($"--env '{token.Value}' is not NAME=value.");
                }
            }
        });
        Options.Add(_slave);
        Options.Add(_method);
        Options.Add(_timeout);
        Options.Add(_type);
        Options.Add(_priority);
        Options.Add(_code);
        Options.Add(_file);
        Options.Add(_capabilities);
        Options.Add(_env);
        Options.Add(_detach);
        Validators.Add(result =>
        {
            var hasCode = result.GetResult(_code) is not null;
            var hasFile = result.GetResult(_file) is not null;
            if (hasCode == hasFile)
            {
                result.AddError("Give exactly one of --code <python> or --file <path>.");
            }
        });
        SetAction((parseResult, cancellationToken) => VerbRunner.WithMasterAsync(
            _context,
            parseResult,
            (master, json) => OnMasterAsync(parseResult, master, json, cancellationToken),
            ("running the task in this process (an in-memory queue, not the master's)", notice => InProcessAsync(parseResult, notice, cancellationToken)),
            cancellationToken));
    }

    private async Task<int> OnMasterAsync(ParseResult parseResult, MasterConnection master, bool json, CancellationToken cancellationToken)
    {
        var task = await ReadTaskAsync(parseResult, cancellationToken);
        var submitted = await master.Client.SubmitTaskAsync(
            new TaskSubmitRequest
            {
                Command = task.Command,
                Method = task.Method,
                TimeoutSeconds = task.Timeout?.TotalSeconds,
                TaskType = parseResult.GetValue(_type),
                Priority = parseResult.GetValue(_priority),
                Capabilities = task.RequiredCapabilities.Count > 0 ? task.RequiredCapabilities : null,
                SlaveId = task.SlaveId,
                Env = task.Environment,
                SubmittedBy = Submitter,
            },
            cancellationToken);
        if (parseResult.GetValue(_detach))
        {
            await _context.Output.WriteLineAsync(submitted.TaskId);
            return MasterCli.Ok;
        }

        return await TaskWaiting.WaitAndPrintAsync(_context, master, submitted, timeout: null, json, cancellationToken);
    }

    private async Task<int> InProcessAsync(ParseResult parseResult, Action notice, CancellationToken cancellationToken)
    {
        if (parseResult.GetValue(_detach))
        {
            // A task queued in this process would die with it.
            throw new InvalidOperationException("--detach needs the running master: a task queued by this process alone would stop when it exits");
        }

        return await VerbRunner.ServicesAsync(_context, parseResult, needsSlaveToken: true, async (services, json) =>
        {
            var task = await ReadTaskAsync(parseResult, cancellationToken);
            var result = await services.GetRequiredService<ITaskDispatcher>().DispatchAsync(task, cancellationToken);
            return await TaskOutput.WriteResultAsync(_context, TaskResultView.From(result), json);
        }, notice);
    }

    private async Task<D8Task> ReadTaskAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var code = parseResult.GetValue(_file) is { } file
            ? await File.ReadAllTextAsync(file.FullName, cancellationToken)
            : parseResult.GetValue(_code) ?? string.Empty;
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in parseResult.GetValue(_env) ?? [])
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            environment[pair[..equals]] = pair[(equals + 1)..];
        }

        return new D8Task
        {
            Command = code,
            Method = parseResult.GetRequiredValue(_method),
            SlaveId = parseResult.GetValue(_slave),
            Timeout = parseResult.GetValue(_timeout) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            TaskType = parseResult.GetValue(_type) ?? D8Task.DefaultTaskType,
            Priority = parseResult.GetValue(_priority) ?? D8Task.DefaultPriority,
            RequiredCapabilities = parseResult.GetValue(_capabilities) ?? [],
            Environment = environment.Count > 0 ? environment : null,
            SubmittedBy = Submitter,
        };
    }
}
