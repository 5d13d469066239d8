using System.CommandLine;

namespace D8.Distributed.Cli.Internal;

/// <summary><c>demo</c>: the whole system in one process, needing only the .NET SDK and python3.</summary>
internal sealed class DemoCommand : Command
{
    public DemoCommand(CliContext context)
        : base("demo", "Start a slave in-process on loopback, register and check it, run a Python task, create a human request an auto-approval rule approves; print each step")
    {
        // Without --data-dir the demo works in a temporary directory, deleted at the end.
        SetAction((parseResult, cancellationToken) => VerbRunner.RunAsync(context, parseResult, () =>
            new DemoRunner(context).RunAsync(parseResult.GetValue(GlobalOptions.DataDirectory), cancellationToken)));
    }
}
