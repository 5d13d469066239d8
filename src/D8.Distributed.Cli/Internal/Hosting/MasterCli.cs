using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;

namespace D8.Distributed.Cli.Internal;

/// <summary>The d8-master command tree and its entry point.</summary>
internal static class MasterCli
{
    /// <summary>Exit code of a successful verb.</summary>
    public const int Ok = 0;

    /// <summary>Exit code of a verb that failed (a task failed, a slave is unhealthy, a request was not found ...).</summary>
    public const int Failed = 1;

    /// <summary>Exit code of a command line that could not be parsed; the help text is printed.</summary>
    public const int UsageError = 2;

    public static Command CreateRootCommand(CliContext context)
    {
        // A named command rather than RootCommand, whose name is the current process's (a test host, `dotnet` ...):
        // the help text always says d8-master.
        var root = new Command("d8-master", "d8-master: the D8 master host and operator command line (slaves, tasks, human requests).")
        {
            new HelpOption(),
            new VersionOption(),
            new RunCommand(context),
            new DemoCommand(context),
            new SlavesCommand(context),
            new ExecCommand(context),
            new TasksCommand(context),
            new RequestsCommand(context),
            new StoreCommand(context),
            new BudgetCommand(context),
            new AlertsCommand(context),
        };
        root.Options.Add(GlobalOptions.DataDirectory);
        root.Options.Add(GlobalOptions.Master);
        root.Options.Add(GlobalOptions.Json);
        root.Options.Add(GlobalOptions.Verbose);
        return root;
    }

    /// <summary>Parses <paramref name="args"/> and runs the verb; returns the process exit code.</summary>
    public static async Task<int> InvokeAsync(string[] args, CliContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);

        var root = CreateRootCommand(context);
        ParseResult parseResult;
        try
        {
            parseResult = root.Parse(args);
        }
        catch (Exception ex)
        {
            // A validator that throws is a bug, but still one line and not a stack trace.
            await CliErrors.WriteAsync(context.Error, ex, args.Contains(GlobalOptions.Verbose.Name)).ConfigureAwait(false);
            return Failed;
        }

        var invocation = new InvocationConfiguration
        {
            Output = context.Output,
            Error = context.Error,
            // Ctrl+C / SIGTERM cancel the verb's token; `run` then stops its host gracefully within this time.
            ProcessTerminationTimeout = TimeSpan.FromSeconds(30),
            // VerbRunner reports every failure as one line; nothing may reach the default handler's stack trace.
            EnableDefaultExceptionHandler = false,
        };

        if (parseResult.Errors.Count > 0)
        {
            return await UsageErrorAsync(root, parseResult, invocation, context, cancellationToken).ConfigureAwait(false);
        }

        return await parseResult.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One line per parse error (<c>d8-master: ...</c>) on standard error, then the usage of the verb concerned.</summary>
    private static async Task<int> UsageErrorAsync(Command root, ParseResult parseResult, InvocationConfiguration invocation, CliContext context, CancellationToken cancellationToken)
    {
        foreach (var error in parseResult.Errors)
        {
            await context.Error.WriteLineAsync($"d8-master: {CliErrors.Usage(error.Message)}").ConfigureAwait(false);
        }

        var path = new List<string>();
        for (var command = parseResult.CommandResult; command.Parent is CommandResult parent; command = parent)
        {
            path.Insert(0, command.Command.Name);
        }

        await root.Parse([.. path, "--help"]).InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        return UsageError;
    }
}
