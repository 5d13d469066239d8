using D8.Distributed.Contracts;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Slave.Internal;

/// <summary>
/// <c>docker run --rm -i -v &lt;working_dir&gt;:/app -w /app [-e NAME ...] &lt;image&gt; python -c &lt;command&gt;</c>.
/// Offered when <see cref="D8SlaveOptions.DockerImage"/> is set and <c>docker info</c> succeeds.
/// </summary>
internal sealed class DockerMethod(IOptions<D8SlaveOptions> options, ExecutableLocator locator, ProbeRunner probes) : IExecutionMethod
{
    private readonly D8SlaveOptions _options = options.Value;

    public string Name => ExecutionMethod.Docker;

    public bool ChosenByAuto => true;

    public string Requirement => "docker needs D8:Slave:DockerImage and a Docker engine that answers 'docker info'";

    public async Task<MethodProbe> ProbeAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(_options.DockerImage))
        {
            return MethodProbe.Disabled("D8:Slave:DockerImage is not set");
        }

        var path = locator.Find(_options.DockerExecutable);
        if (path is null)
        {
            return MethodProbe.Unavailable($"'{_options.DockerExecutable}' was not found");
        }

        var result = await probes.RunAsync(path, ["info"], cancellationToken).ConfigureAwait(false);
        return result.ExitCode == 0 ? MethodProbe.Available(path) : MethodProbe.Unavailable(ProbeRunner.Describe(result));
    }

    public ProcessCommand Plan(MethodInvocation invocation)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var arguments = new List<string> { "run", "--rm", "-i", "-v", $"{invocation.WorkingDirectory}:/app", "-w", "/app" };
        if (invocation.Environment is { Count: > 0 } environment)
        {
            // "-e NAME" makes docker copy the value from its own environment, so values never show in the argv.
            foreach (var name in environment.Keys)
            {
                arguments.Add("-e");
                arguments.Add(name);
            }
        }

        arguments.AddRange([_options.DockerImage!, "python", "-c", invocation.Command]);
        return new ProcessCommand(invocation.Probe.Executable!, arguments);
    }
}
