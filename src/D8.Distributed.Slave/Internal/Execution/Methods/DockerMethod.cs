using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using D8.Distributed.Contracts;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Slave.Internal;

/// <summary>
/// <c>docker run --rm -i --init --name d8-&lt;task_id&gt; --network none [--memory M] [--cpus N] -v &lt;working_dir&gt;:/app
/// -w /app [-e NAME ...] &lt;image&gt; python -c &lt;command&gt;</c>. Offered when <see cref="D8SlaveOptions.DockerImage"/>
/// is set and <c>docker info</c> succeeds. The container is named after the task so that a timeout, a cancel or the
/// shutdown can kill and remove it (<see cref="DockerContainers"/>): killing the <c>docker</c> client alone leaves the
/// container running on the engine.
/// </summary>
internal sealed partial class DockerMethod(IOptions<D8SlaveOptions> options, ExecutableLocator locator, ProbeRunner probes, DockerContainers containers) : IExecutionMethod
{
    internal const string ContainerPrefix = "d8-";

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
        var docker = invocation.Probe.Executable!;
        var container = ContainerName(invocation.TaskId);
        var arguments = new List<string> { "run", "--rm", "-i", "--init", "--name", container, "--network", _options.DockerNetwork };
        if (_options.DockerMemory is { Length: > 0 } memory)
        {
            arguments.AddRange(["--memory", memory]);
        }

        if (_options.DockerCpus is { } cpus)
        {
            arguments.AddRange(["--cpus", cpus.ToString(CultureInfo.InvariantCulture)]);
        }

        arguments.AddRange(["-v", $"{invocation.WorkingDirectory}:/app", "-w", "/app"]);
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
        return new ProcessCommand(docker, arguments) { AfterKill = () => containers.StopAsync(docker, container) };
    }

    /// <summary>
    /// <c>d8-&lt;task_id&gt;</c>; a task id with characters Docker does not allow in a name (or too long) has them
    /// replaced by <c>_</c> and a hash of the id appended, so that two ids never share a container name.
    /// </summary>
    internal static string ContainerName(string taskId)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        if (taskId.Length <= 128 && ContainerNameCharacters().IsMatch(taskId))
        {
            return ContainerPrefix + taskId;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(taskId)))[..16];
        var readable = InvalidNameCharacter().Replace(taskId.Length <= 64 ? taskId : taskId[..64], "_");
        return $"{ContainerPrefix}{readable}-{hash}";
    }

    /// <summary>Whether <paramref name="value"/> is a size <c>docker run --memory</c> accepts (a number and an optional unit).</summary>
    internal static bool IsMemoryLimit(string value) => MemoryLimit().IsMatch(value);

    // Docker's own rule for names is [a-zA-Z0-9][a-zA-Z0-9_.-]*; after the "d8-" prefix any of these may come first.
    [GeneratedRegex("^[a-zA-Z0-9_.-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex ContainerNameCharacters();

    [GeneratedRegex("[^a-zA-Z0-9_.-]", RegexOptions.CultureInvariant)]
    private static partial Regex InvalidNameCharacter();

    [GeneratedRegex("^[0-9]+(\\.[0-9]+)?[bkmgBKMG]?$", RegexOptions.CultureInvariant)]
    private static partial Regex MemoryLimit();
}
