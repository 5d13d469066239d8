using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Cli.Internal;

/// <summary>Runs a verb's body and turns every failure into one line naming the problem and exit code 1.</summary>
internal static class VerbRunner
{
    /// <summary>Builds the host of a one-shot verb (configuration, the master's and the human requests' services), then runs it.</summary>
    public static Task<int> WithServicesAsync(CliContext context, ParseResult parseResult, bool needsSlaveToken, Func<IServiceProvider, bool, Task<int>> body) =>
        RunAsync(context, parseResult, async () =>
        {
            var builder = CliHost.CreateBuilder(context, parseResult.GetValue(GlobalOptions.DataDirectory), longRunning: false);
            MasterServices.Add(builder, needsSlaveToken);

            // A one-shot verb never runs the bot, but a misspelt D8:Telegram key must stop it as it stops `run`.
            CliConfiguration.BindTelegramStrictly(builder.Configuration);
            using var host = builder.Build();

            // What starting the host checks first (options, strict binding), without running its hosted services: a
            // one-shot verb must not start the health monitor or send notifications.
            host.Services.GetService<IStartupValidator>()?.Validate();
            return await body(host.Services, parseResult.GetValue(GlobalOptions.Json)).ConfigureAwait(false);
        });

    public static async Task<int> RunAsync(CliContext context, ParseResult parseResult, Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await CliErrors.WriteAsync(context.Error, ex, parseResult.GetValue(GlobalOptions.Verbose)).ConfigureAwait(false);
            return MasterCli.Failed;
        }
    }
}
