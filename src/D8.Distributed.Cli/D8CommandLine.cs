using D8.Distributed.Cli.Internal;

namespace D8.Distributed.Cli;

/// <summary>
/// The <c>d8-master</c> command line: <c>run</c> (the long-running master the application composes), <c>demo</c>,
/// <c>slaves</c>, <c>exec</c>, <c>tasks</c> and <c>requests</c>, clients of the running master (<c>--master</c>). Exit codes: 0 ok, 1 failed, 2 usage error. Every failure is one line
/// <c>d8-master: &lt;problem&gt;</c> on standard error (<c>--verbose</c> adds the exception).
/// </summary>
public static class D8CommandLine
{
    /// <summary>Parses <paramref name="args"/>, runs the verb and returns the process exit code.</summary>
    /// <param name="args">The command-line arguments.</param>
    /// <param name="options">The application's master and where the command line reads and writes.</param>
    /// <param name="cancellationToken">Stops the verb (Ctrl+C and SIGTERM do too).</param>
    /// <returns>0 when the verb succeeded, 1 when it failed, 2 for a command line that could not be parsed.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static Task<int> InvokeAsync(string[] args, D8CommandLineOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(options);
        var context = new CliContext(options.Output, options.Error, options.Environment, options.BaseDirectory, options);
        return MasterCli.InvokeAsync(args, context, cancellationToken);
    }
}
