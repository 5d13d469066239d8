namespace D8.Distributed.Cli.Tests.Infrastructure;

/// <summary>What one CLI invocation printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}
