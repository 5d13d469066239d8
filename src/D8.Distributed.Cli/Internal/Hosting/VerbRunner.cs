using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Cli.Internal;

/// <summary>Runs a verb's body and turns every failure into one line naming the problem and exit code 1.</summary>
internal static class VerbRunner
{
    /// <summary>
    /// Runs <paramref name="online"/> against the running master when it answers; otherwise <paramref name="offline"/>
    /// (the data files or the task in this process) after one line on standard error saying so, or, without an offline
    /// way, fails naming the URL tried.
    /// </summary>
    /// <param name="context">The invocation.</param>
    /// <param name="parseResult">The parsed command line.</param>
    /// <param name="online">The verb through the master API.</param>
    /// <param name="offline">The verb without a master, and the words of the notice ("working on the data files
    /// directly"); <see langword="null"/> for verbs that need the master.</param>
    /// <param name="cancellationToken">Stops the verb.</param>
    public static Task<int> WithMasterAsync(
        CliContext context,
        ParseResult parseResult,
        Func<MasterConnection, bool, Task<int>> online,
        (string Notice, Func<Action, Task<int>> Run)? offline,
        CancellationToken cancellationToken) =>
        RunAsync(context, parseResult, async () =>
        {
            var configuration = CliConfiguration.Build(context, parseResult.GetValue(GlobalOptions.DataDirectory));
            using var master = MasterConnection.Create(parseResult.GetValue(GlobalOptions.Master), CliSettings.From(configuration));
            if (await master.ProbeAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    return await online(master, parseResult.GetValue(GlobalOptions.Json)).ConfigureAwait(false);
                }
                catch (Exception ex) when (master.Explain(ex) is var explained && !ReferenceEquals(explained, ex))
                {
                    throw explained;
                }
            }

            if (offline is not { } local)
            {
                throw new InvalidOperationException(
                    $"no master at {master.Url} ({master.OfflineReason}): this verb needs the running master (d8-master run, or --master <url>)");
            }

            // Said once the verb's own configuration is known to be fine, so a bad setting is still the only line.
            var notice = $"d8-master: no master at {master.Url}; {local.Notice}";
            return await local.Run(() => context.Error.WriteLine(notice)).ConfigureAwait(false);
        });

    /// <summary>Builds the host of a one-shot verb (configuration, the master's and the human requests' services), then runs it.</summary>
    /// <param name="context">The invocation.</param>
    /// <param name="parseResult">The parsed command line.</param>
    /// <param name="needsSlaveToken">Whether the verb sends tasks to slaves.</param>
    /// <param name="body">The verb.</param>
    /// <param name="ready">Called once the host is built and its options validated (the offline notice).</param>
    public static Task<int> WithServicesAsync(CliContext context, ParseResult parseResult, bool needsSlaveToken, Func<IServiceProvider, bool, Task<int>> body, Action? ready = null) =>
        RunAsync(context, parseResult, () => ServicesAsync(context, parseResult, needsSlaveToken, body, ready));

    /// <summary><see cref="WithServicesAsync"/> inside a verb already run by <see cref="RunAsync"/>.</summary>
    public static async Task<int> ServicesAsync(CliContext context, ParseResult parseResult, bool needsSlaveToken, Func<IServiceProvider, bool, Task<int>> body, Action? ready = null)
    {
        var builder = CliHost.CreateBuilder(context, parseResult.GetValue(GlobalOptions.DataDirectory), longRunning: false);
        MasterServices.Add(builder, needsSlaveToken);

        // A one-shot verb never runs the bot, but a misspelt D8:Telegram key must stop it as it stops `run`.
        CliConfiguration.BindTelegramStrictly(builder.Configuration);
        using var host = builder.Build();

        // What starting the host checks first (options, strict binding), without running its hosted services: a
        // one-shot verb must not start the health monitor or send notifications.
        host.Services.GetService<IStartupValidator>()?.Validate();
        ready?.Invoke();
        return await body(host.Services, parseResult.GetValue(GlobalOptions.Json)).ConfigureAwait(false);
    }

    public static async Task<int> RunAsync(CliContext context, ParseResult parseResult, Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (CliUsageException ex)
        {
            await CliErrors.WriteAsync(context.Error, ex, parseResult.GetValue(GlobalOptions.Verbose)).ConfigureAwait(false);
            return MasterCli.UsageError;
        }
        catch (Exception ex)
        {
            await CliErrors.WriteAsync(context.Error, ex, parseResult.GetValue(GlobalOptions.Verbose)).ConfigureAwait(false);
            return MasterCli.Failed;
        }
    }
}
