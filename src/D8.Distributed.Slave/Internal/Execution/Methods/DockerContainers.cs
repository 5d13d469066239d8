using Microsoft.Extensions.Logging;

namespace D8.Distributed.Slave.Internal;

/// <summary>
/// Stops a task's container after its <c>docker</c> client was killed (timeout, cancel, shutdown):
/// <c>docker kill d8-&lt;id&gt;</c>, then <c>docker rm -f d8-&lt;id&gt;</c>, each within a limit, both logged.
/// The removal also catches a container that was created but never started (the client killed in between), which
/// <c>--rm</c> does not remove.
/// </summary>
internal sealed class DockerContainers(ProcessRunner runner, TimeProvider timeProvider, ILogger<DockerContainers> logger)
{
    internal static readonly TimeSpan KillLimit = TimeSpan.FromSeconds(10);

    // Removing a container copies nothing but deletes its whole root file system (all of it with the vfs driver).
    internal static readonly TimeSpan RemoveLimit = TimeSpan.FromSeconds(30);

    private const int MaxOutputBytes = 16 * 1024;

    public async Task StopAsync(string docker, string container)
    {
        ArgumentException.ThrowIfNullOrEmpty(docker);
        ArgumentException.ThrowIfNullOrEmpty(container);
        var started = timeProvider.GetTimestamp();
        var kill = await RunAsync(docker, ["kill", container], KillLimit).ConfigureAwait(false);
        var remove = await RunAsync(docker, ["rm", "-f", container], RemoveLimit).ConfigureAwait(false);
        var elapsed = (long)timeProvider.GetElapsedTime(started).TotalMilliseconds;
        if (IsGone(remove))
        {
            Log.ContainerStopped(logger, container, Describe(kill), elapsed);
            if (remove.ExitCode != 0)
            {
                // "No such container" may only mean "not yet": the client killed while the engine was still creating
                // it (a slow vfs engine takes seconds) leaves a container the engine finishes afterwards, in state
                // Created. Look again a few times in the background, so the answer is not held up.
                _ = RemoveLateAsync(docker, container);
            }
        }
        else
        {
            Log.ContainerNotRemoved(logger, container, Describe(kill), Describe(remove), elapsed);
        }
    }

    /// <summary>Removes a container that shows up after the first removal found none: at 1, 2, 4, 8 and 16 s.</summary>
    private async Task RemoveLateAsync(string docker, string container)
    {
        foreach (var seconds in LateChecks)
        {
            await Task.Delay(TimeSpan.FromSeconds(seconds), timeProvider).ConfigureAwait(false);
            var remove = await RunAsync(docker, ["rm", "-f", container], RemoveLimit).ConfigureAwait(false);
            if (remove.ExitCode == 0)
            {
                Log.LateContainerRemoved(logger, container);
                return;
            }
        }
    }

    private static readonly int[] LateChecks = [1, 2, 4, 8, 16];

    private Task<ProcessResult> RunAsync(string docker, string[] arguments, TimeSpan limit) =>
        runner.RunAsync(new ProcessSpec(docker, arguments, Path.GetTempPath(), Environment: null, Stdin: null, limit, MaxOutputBytes), CancellationToken.None);

    // "No such container": it was never created, or --rm removed it as soon as it was killed.
    private static bool IsGone(ProcessResult remove) =>
        remove.ExitCode == 0 || remove.Error.Contains("No such container", StringComparison.OrdinalIgnoreCase);

    private static string Describe(ProcessResult result) =>
        result.StartError
        ?? (result.TimedOut ? "timed out"
            : result.ExitCode == 0 ? "ok"
            : $"exit code {result.ExitCode}: {result.Error.Trim()}");
}
