using System.CommandLine;
using System.Text.Json;
using D8.Distributed.Core;
using D8.Distributed.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace D8.Distributed.Cli.Internal;

/// <summary><c>exec</c>: runs one Python task on the best slave (or the one named) and prints its output.</summary>
internal sealed class ExecCommand : Command
{
    private readonly CliContext _context;
    private readonly Option<string?> _slave = new("--slave") { Description = "Run on this slave (default: the best eligible one)" };
    private readonly Option<string> _method = new("--method")
    {
        Description = "Execution method",
        DefaultValueFactory = _ => ExecutionMethod.Auto,
    };

    // Read with the invariant culture, like --cost: System.CommandLine would use the machine's, where 1.5 can be 15 (es-ES).
    private readonly Option<double?> _timeout = new("--timeout")
    {
        Description = "Time limit in seconds, e.g. 90 or 1.5 (default: D8:Master:DefaultTaskTimeout)",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
            if (!double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
                || !double.IsFinite(seconds))
            {
                result.AddError($"'{text}' is not a number (with a dot for decimals: 1.5) (--timeout)");
                return null;
            }

            if (seconds <= 0)
            {
                result.AddError("--timeout must be a positive number of seconds.");
                return null;
            }

            return seconds;
        },
    };
    private readonly Option<string?> _code = new("--code") { Description = "Python source to run, e.g. \"print(6*7)\"" };
    private readonly Option<FileInfo?> _file = new("--file") { Description = "A Python file to run" };
    private readonly Option<string[]> _capabilities = new("--capability") { Description = "A label the slave must have; repeat for several" };

    public ExecCommand(CliContext context)
        : base("exec", "Run one task on a slave and print its result; the exit code mirrors its success")
    {
        _context = context;
        _method.AcceptOnlyFromAmong([.. ExecutionMethod.All]);
        Options.Add(_slave);
        Options.Add(_method);
        Options.Add(_timeout);
        Options.Add(_code);
        Options.Add(_file);
        Options.Add(_capabilities);
        Validators.Add(result =>
        {
            var hasCode = result.GetResult(_code) is not null;
            var hasFile = result.GetResult(_file) is not null;
            if (hasCode == hasFile)
            {
                result.AddError("Give exactly one of --code <python> or --file <path>.");
            }

        });
        SetAction((parseResult, cancellationToken) =>
            VerbRunner.WithServicesAsync(_context, parseResult, needsSlaveToken: true, (services, json) => ExecuteAsync(parseResult, services, json, cancellationToken)));
    }

    private async Task<int> ExecuteAsync(ParseResult parseResult, IServiceProvider services, bool json, CancellationToken cancellationToken)
    {
        var code = parseResult.GetValue(_file) is { } file
            ? await File.ReadAllTextAsync(file.FullName, cancellationToken)
            : parseResult.GetValue(_code) ?? string.Empty;
        var slaveId = parseResult.GetValue(_slave);

        // The dispatcher checks the slaves this fresh process has not checked yet before choosing one.
        var task = new D8Task
        {
            Command = code,
            Method = parseResult.GetRequiredValue(_method),
            SlaveId = slaveId,
            Timeout = parseResult.GetValue(_timeout) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            RequiredCapabilities = parseResult.GetValue(_capabilities) ?? [],
        };
        var result = await services.GetRequiredService<ITaskDispatcher>().DispatchAsync(task, cancellationToken);
        var response = result.Response;

        if (json)
        {
            var view = new TaskResultView(result.TaskId, result.SlaveId, result.Success, response.ExitCode, response.TimedOut,
                response.Method, response.Output, response.Error, response.DurationMs);
            await _context.Output.WriteLineAsync(JsonSerializer.Serialize(view, CliJsonContext.Default.TaskResultView));
        }
        else
        {
            await _context.Output.WriteAsync(response.Output);
            await _context.Error.WriteAsync(response.Error);
            if (!result.Success)
            {
                var why = response.TimedOut ? "timed out" : $"exit code {response.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}";
                await _context.Error.WriteLineAsync($"d8-master: task {result.TaskId} failed on {result.SlaveId} ({why})");
            }
        }

        return result.Success ? MasterCli.Ok : MasterCli.Failed;
    }
}
