using System.CommandLine;
using D8.Distributed.Core;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Cli.Internal;

/// <summary><c>run</c>: the long-running master (health monitor, human requests, Telegram bot when configured).</summary>
internal sealed class RunCommand : Command
{
    public RunCommand(CliContext context)
        : base("run", "Run the master until Ctrl+C / SIGTERM: health monitor, human-request notifications, web dashboard (port 7500), Telegram bot when TELEGRAM_TOKEN is set")
    {
        SetAction((parseResult, cancellationToken) => VerbRunner.RunAsync(context, parseResult, async () =>
        {
            var host = context.Host;
            if (host.ConfigureMaster is null)
            {
                throw new InvalidOperationException("This d8-master has no master to run: D8CommandLineOptions.ConfigureMaster is not set.");
            }

            var dataDirectory = parseResult.GetValue(GlobalOptions.DataDirectory);

            // The web port only when the application has a web surface and the configuration leaves it on: with it off
            // the master runs on a Generic Host, which opens no port at all.
            var web = host.ConfigureWeb is not null && CliConfiguration.IsDashboardEnabled(CliConfiguration.Build(context, dataDirectory));
            IHost app;
            bool telegram;
            bool otlp;
            if (web)
            {
                var builder = CliHost.CreateWebBuilder(context, dataDirectory);
                builder.Services.AddSystemd();
                host.ConfigureMaster(builder);
                telegram = CliConfiguration.AddTelegram(builder, host.ConfigureTelegram);
                otlp = OtlpExport.Add(builder);
                host.ConfigureWeb!(builder);
                var webApp = builder.Build();
                host.MapWeb?.Invoke(webApp);
                app = webApp;
            }
            else
            {
                var builder = CliHost.CreateBuilder(context, dataDirectory, longRunning: true);
                builder.Services.AddSystemd();
                host.ConfigureMaster(builder);
                telegram = CliConfiguration.AddTelegram(builder, host.ConfigureTelegram);
                otlp = OtlpExport.Add(builder);
                app = builder.Build();
            }

            using (app)
            {
                // Options are validated at start (a missing token names the setting, a bad key is named with its value);
                // under systemd (Type=notify) the host then tells it READY=1.
                await app.StartAsync(cancellationToken);
                await context.Output.WriteLineAsync($"d8-master: running (data {app.Services.GetRequiredService<IOptions<D8MasterOptions>>().Value.DataDirectory}, Telegram {(telegram ? "on" : "off")}, OTLP export {(otlp ? "on" : "off")}); Ctrl+C to stop");
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
}
