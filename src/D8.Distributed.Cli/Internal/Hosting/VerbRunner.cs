using System.CommandLine;
using System.ComponentModel.DataAnnotations;
using D8.Distributed.Core;
using D8.HumanRequests;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Cli.Internal;

/// <summary>Runs a verb's body and turns the failures an operator can cause into a message and exit code 1.</summary>
internal static class VerbRunner
{
    /// <summary>Builds the configuration and services of a one-shot verb, then runs it.</summary>
    public static Task<int> WithServicesAsync(CliContext context, ParseResult parseResult, bool needsSlaveToken, Func<IServiceProvider, bool, Task<int>> body) =>
        RunAsync(context, async () =>
        {
            var configuration = CliConfiguration.Build(context, parseResult.GetValue(GlobalOptions.DataDirectory));
            await using var services = MasterServices.Build(configuration, needsSlaveToken);
            return await body(services, parseResult.GetValue(GlobalOptions.Json)).ConfigureAwait(false);
        });

    public static async Task<int> RunAsync(CliContext context, Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (OptionsValidationException ex)
        {
            foreach (var failure in ex.Failures)
            {
                await context.Error.WriteLineAsync($"d8-master: configuration: {failure}").ConfigureAwait(false);
            }

            return MasterCli.Failed;
        }
        catch (Exception ex) when (ex is HumanRequestNotFoundException or InvalidTransitionException or HumanRequestValidationException
            or NoEligibleSlaveException or SlaveTransportException or SlaveRequestException or HumanRequestStoreException
            or ValidationException or InvalidOperationException or ArgumentException or IOException)
        {
            await context.Error.WriteLineAsync($"d8-master: {ex.Message}").ConfigureAwait(false);
            return MasterCli.Failed;
        }
    }
}
