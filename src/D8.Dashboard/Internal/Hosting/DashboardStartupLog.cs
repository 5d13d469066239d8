using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace D8.Dashboard.Internal;

/// <summary>Says at start how the dashboard is reachable, and warns when it has no password.</summary>
internal sealed class DashboardStartupLog(IOptions<D8DashboardOptions> options, ILogger<DashboardStartupLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var value = options.Value;
        if (string.IsNullOrEmpty(value.Password))
        {
            Log.NoPassword(logger);
        }
        else
        {
            Log.Listening(logger, DashboardKestrelSetup.ListenAddress(value).ToString(), value.Port);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
