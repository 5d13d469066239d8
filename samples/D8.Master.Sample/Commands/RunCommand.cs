using System.CommandLine;
using D8.Dashboard;
using D8.Distributed.Core;
using D8.HumanRequests;
using D8.Master.Sample.Cli;
using D8.Telegram;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace D8.Master.Sample.Commands;

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
            var configuration = CliConfiguration.Build(context, parseResult.GetValue(GlobalOptions.DataDirectory));

            // 1. The web host (for the dashboard): our configuration, console logging, Ctrl+C / SIGTERM handling.
            //    Its own defaults (appsettings.json, environment) sit below ours, which were read from the CLI context.
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions
            {
                Args = [],
                ContentRootPath = context.BaseDirectory,
            });
            builder.Configuration.AddConfiguration(configuration);
            builder.Logging.ClearProviders();
            builder.Logging.AddConfiguration(configuration.GetSection("Logging"));
            builder.Logging.AddSimpleConsole(options => options.SingleLine = true);
            builder.Services.Configure<ConsoleLoggerOptions>(options => options.LogToStandardErrorThreshold = LogLevel.Warning);

            // 2. The packages: slaves (configuration + slaves/config.json), human requests, Telegram when configured.
            builder.Services.AddD8Master(configuration.GetSection(D8MasterOptions.SectionName));
            builder.Services.AddD8HumanRequests(configuration.GetSection(D8HumanRequestsOptions.SectionName));
            var telegram = CliConfiguration.HasTelegram(configuration);
            if (telegram)
            {
                builder.Services.AddD8Telegram(configuration.GetSection(D8TelegramOptions.SectionName));
            }

            // 3. The dashboard on port 7500 (D8:Dashboard:*); without a password it answers on 127.0.0.1 only.
            var dashboard = configuration.GetValue(DashboardEnabledKey, defaultValue: true);
            if (dashboard)
            {
                builder.Services.AddD8Dashboard(configuration.GetSection("D8:Dashboard"));
            }

            // 4. Run until stopped; options are validated at start (a missing token says which setting to set).
            await using var app = builder.Build();
            if (dashboard)
            {
                app.MapD8Dashboard();
            }

            await app.StartAsync(cancellationToken);
            await context.Output.WriteLineAsync($"d8-master: running (data {app.Services.GetRequiredService<IOptions<D8MasterOptions>>().Value.DataDirectory}, Telegram {(telegram ? "on" : "off")}); Ctrl+C to stop");
            if (dashboard)
            {
                var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
                await context.Output.WriteLineAsync($"d8-master: dashboard on {string.Join(", ", addresses)}");
            }

            await app.WaitForShutdownAsync(cancellationToken);
            return MasterCli.Ok;
        }));
    }
}
