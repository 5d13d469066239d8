using System.CommandLine;
using D8.Distributed.Core;
using D8.HumanRequests;
using D8.Master.Sample.Cli;
using D8.Telegram;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace D8.Master.Sample.Commands;

/// <summary><c>run</c>: the long-running master (health monitor, human requests, Telegram bot when configured).</summary>
internal sealed class RunCommand : Command
{
    public RunCommand(CliContext context)
        : base("run", "Run the master until Ctrl+C / SIGTERM: health monitor, human-request notifications, Telegram bot when TELEGRAM_TOKEN is set")
    {
        SetAction((parseResult, cancellationToken) => VerbRunner.RunAsync(context, async () =>
        {
            var configuration = CliConfiguration.Build(context, parseResult.GetValue(GlobalOptions.DataDirectory));

            // 1. The generic host: our configuration, console logging, Ctrl+C / SIGTERM handling.
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
            {
                DisableDefaults = true,
                ContentRootPath = context.BaseDirectory,
            });
            builder.Configuration.AddConfiguration(configuration);
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

            // 3. Run until stopped; options are validated at start (a missing token says which setting to set).
            using var host = builder.Build();
            await host.StartAsync(cancellationToken);
            await context.Output.WriteLineAsync($"d8-master: running (data {host.Services.GetRequiredService<IOptions<D8MasterOptions>>().Value.DataDirectory}, Telegram {(telegram ? "on" : "off")}); Ctrl+C to stop");
            await host.WaitForShutdownAsync(cancellationToken);
            return MasterCli.Ok;
        }));
    }
}
