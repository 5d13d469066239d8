using System.CommandLine;
using D8.Distributed.Core;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Cli.Internal;

/// <summary><c>run</c>: the long-running master (health monitor, human requests, Telegram bot when configured).</summary>
internal sealed class RunCommand : Command
{
    /// <summary>Configuration key that turns the dashboard off (it is on by default, port 7500).</summary>
    public const string DashboardEnabledKey = "D8:Dashboard:Enabled";

    public RunCommand(CliContext context)
        : base("run", "Run the master until Ctrl+C / SIGTERM: health monitor, human-request notifications, web dashboard (port 7500), Telegram bot when TELEGRAM_TOKEN is set")
    {
        SetAction((parseResult, cancellationToken) => VerbRunner.RunAsync(context, async () =>
        {
            var host = context.Host;
            if (host.ConfigureMaster is null)
            {
                throw new InvalidOperationException("This d8-master has no master to run: D8CommandLineOptions.ConfigureMaster is not set.");
            }

            var configuration = CliConfiguration.Build(context, parseResult.GetValue(GlobalOptions.DataDirectory));

            // The web port only when the application has a web surface and the configuration leaves it on: with it off
            // the master runs on a generic host, which opens no port at all.
            var web = host.ConfigureWeb is not null && configuration.GetValue(DashboardEnabledKey, defaultValue: true);
            IHost app;
            if (web)
            {
                var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = context.BaseDirectory });
                Configure(builder, configuration);
                host.ConfigureMaster(builder);
                host.ConfigureWeb!(builder);
                var webApp = builder.Build();
                host.MapWeb?.Invoke(webApp);
                app = webApp;
            }
            else
            {
                var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = context.BaseDirectory, DisableDefaults = true });
                Configure(builder, configuration);
                host.ConfigureMaster(builder);
                app = builder.Build();
            }

            using (app)
            {
                // Options are validated at start (a missing token says which setting to set).
                await app.StartAsync(cancellationToken);
                var telegram = CliConfiguration.HasTelegram(configuration);
                await context.Output.WriteLineAsync($"d8-master: running (data {app.Services.GetRequiredService<IOptions<D8MasterOptions>>().Value.DataDirectory}, Telegram {(telegram ? "on" : "off")}); Ctrl+C to stop");
                if (web)
                {
                    var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
                    await context.Output.WriteLineAsync($"d8-master: dashboard on {string.Join(", ", addresses)}");
                }

                await app.WaitForShutdownAsync(cancellationToken);
            }

            return MasterCli.Ok;
        }));
    }

    /// <summary>The CLI's configuration and console logging, in place of the builder's own defaults.</summary>
    private static void Configure(IHostApplicationBuilder builder, IConfiguration configuration)
    {
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddConfiguration(configuration);
        builder.Logging.ClearProviders();
        builder.Logging.AddConfiguration(configuration.GetSection("Logging"));
        builder.Logging.AddSimpleConsole(options => options.SingleLine = true);
        builder.Services.Configure<ConsoleLoggerOptions>(options => options.LogToStandardErrorThreshold = LogLevel.Warning);
    }
}
