using D8.Distributed.Cli;

namespace D8.Distributed.Cli.Tests.Infrastructure;

/// <summary>
/// Runs d8-master in-process (the sample host's own composition) with its own writers and its own environment variables (never this process's), and a
/// base directory without appsettings.json, so tests are independent of the machine and of each other. Unless the test
/// names a master (<c>D8__Cli__MasterUrl</c>), the CLI looks for one at <see cref="NoMaster"/>, where nothing listens: a
/// master another test (or the machine) runs on the default port 7500 is never used by accident.
/// </summary>
public sealed class CliRunner(string dataDirectory, IReadOnlyDictionary<string, string?>? environment = null)
{
    /// <summary>A master URL where nothing listens (port 1 on loopback): the connection is refused at once.</summary>
    public const string NoMaster = SampleProcess.NoMaster;

    /// <summary>The variable that names the master (<c>D8:Cli:MasterUrl</c>).</summary>
    public const string MasterUrlVariable = SampleProcess.MasterUrlVariable;

    public string DataDirectory { get; } = dataDirectory;

    public IReadOnlyDictionary<string, string?> Environment { get; } = WithMaster(environment);

    /// <summary>Runs <paramref name="args"/> with <c>--data-dir</c> added.</summary>
    public Task<CliResult> RunAsync(params string[] args) => RunRawAsync([.. args, "--data-dir", DataDirectory]);

    /// <summary>
    /// Runs exactly <paramref name="args"/> to its end. A verb that should have stopped but keeps running (a <c>run</c>
    /// that was expected to refuse its configuration) is stopped after two minutes, so the test fails instead of hanging.
    /// </summary>
    public async Task<CliResult> RunRawAsync(string[] args, CancellationToken cancellationToken = default)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromMinutes(2));
        var exitCode = await RunRawAsync(args, output, error, deadline.Token);
        if (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            error.WriteLine("CliRunner: the verb was still running after two minutes and was stopped.");
        }

        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Runs exactly <paramref name="args"/>, writing to the given writers (for verbs that keep running).</summary>
    public Task<int> RunRawAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken) =>
        D8CommandLine.InvokeAsync(
            args,
            Program.Compose(new D8CommandLineOptions { Output = output, Error = error, Environment = Environment, BaseDirectory = DataDirectory }),
            cancellationToken);

    private static Dictionary<string, string?> WithMaster(IReadOnlyDictionary<string, string?>? environment)
    {
        var result = new Dictionary<string, string?>(environment ?? new Dictionary<string, string?>(), StringComparer.Ordinal);
        result.TryAdd(MasterUrlVariable, NoMaster);
        return result;
    }
}
