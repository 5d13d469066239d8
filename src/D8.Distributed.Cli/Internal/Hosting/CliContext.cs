namespace D8.Distributed.Cli.Internal;

/// <summary>
/// What one invocation of the CLI works with: where it writes, the environment variables it reads and the folder of
/// its <c>appsettings.json</c>. Passed in (never read from process-global state) so tests run the CLI in-process.
/// </summary>
/// <param name="Output">Where results go (tables, JSON, task output).</param>
/// <param name="Error">Where errors, warnings and logs go.</param>
/// <param name="Environment">The environment variables.</param>
/// <param name="BaseDirectory">The folder holding <c>appsettings.json</c>.</param>
/// <param name="Host">The application's composition of <c>run</c>.</param>
internal sealed record CliContext(
    TextWriter Output,
    TextWriter Error,
    IReadOnlyDictionary<string, string?> Environment,
    string BaseDirectory,
    D8CommandLineOptions Host);
