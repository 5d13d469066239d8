using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Slave.Internal;

/// <summary>
/// Raises the host's shutdown timeout so it never cuts the slave's grace period short: running tasks get
/// <see cref="D8SlaveOptions.ShutdownGracePeriod"/> plus time to be killed and answered.
/// </summary>
internal sealed class HostShutdownTimeoutSetup(IOptions<D8SlaveOptions> slaveOptions) : IPostConfigureOptions<HostOptions>
{
    private static readonly TimeSpan KillMargin = TimeSpan.FromSeconds(10);

    public void PostConfigure(string? name, HostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        D8SlaveOptions slave;
        try
        {
            slave = slaveOptions.Value;
        }
        catch (OptionsValidationException)
        {
            // Invalid slave options fail the start on their own; the host timeout keeps its value.
            return;
        }

        // Killed docker tasks also have their containers killed and removed, each docker call within its own limit.
        var margin = string.IsNullOrWhiteSpace(slave.DockerImage) ? KillMargin : KillMargin + DockerContainers.KillLimit + DockerContainers.RemoveLimit;
        var needed = slave.ShutdownGracePeriod + margin;
        if (options.ShutdownTimeout < needed)
        {
            options.ShutdownTimeout = needed;
        }
    }
}
