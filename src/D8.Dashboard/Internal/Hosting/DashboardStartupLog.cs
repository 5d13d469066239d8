using D8.Distributed.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace D8.Dashboard.Internal;

/// <summary>Says at start how the dashboard is reachable, and warns when it has no password.</summary>
internal sealed class DashboardStartupLog(IOptions<D8DashboardOptions> options, IOptions<D8MasterOptions> master, ILogger<DashboardStartupLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var value = options.Value;
        var address = DashboardKestrelSetup.ListenAddress(value, master.Value).ToString();
        if (!string.IsNullOrEmpty(value.Password))
        {
            Log.Listening(logger, address, value.Port);
        }
        else if (!string.IsNullOrEmpty(master.Value.ApiToken))
        {
            Log.PagesLocalApiPublic(logger, address, value.Port);
        }
        else
        {
            Log.NoPassword(logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
