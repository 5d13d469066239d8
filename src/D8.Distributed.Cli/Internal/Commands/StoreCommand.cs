using System.CommandLine;
using D8.Distributed.Core;
using D8.HumanRequests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Cli.Internal;

/// <summary>
/// <c>store import | export</c>: copies the embedded stores of the data directory (<c>human_requests/requests.json</c>,
/// <c>slaves/config.json</c>, the tasks database) into the shared store the master runs on when
/// <c>D8:PostgreSql:ConnectionString</c> is set, and back in the old formats.
/// </summary>
internal sealed class StoreCommand : Command
{
    private const string ConnectionStringKey = "D8:PostgreSql:ConnectionString";

    public StoreCommand(CliContext context)
        : base("store", "Copy the data directory's files (requests.json, slaves/config.json, tasks) into PostgreSQL (D8:PostgreSql:ConnectionString) and back")
    {
        Subcommands.Add(Transfer(context, "import", "Copy the data directory's files into PostgreSQL; refused when PostgreSQL already holds data, unless --force", toShared: true));
        Subcommands.Add(Transfer(context, "export", "Write PostgreSQL's content back to the data directory in the old formats; refused when the files hold data, unless --force", toShared: false));
    }

    private static Command Transfer(CliContext context, string name, string description, bool toShared)
    {
        var force = new Option<bool>("--force") { Description = "Replace what the target holds (human requests, registry, finished tasks; tasks with the same id are overwritten)" };
        var command = new Command(name, description) { force };
        command.SetAction((parseResult, cancellationToken) => VerbRunner.RunAsync(context, parseResult, async () =>
        {
            var dataDirectory = parseResult.GetValue(GlobalOptions.DataDirectory);
            using var files = Build(context, dataDirectory, shared: false);
            using var shared = Build(context, dataDirectory, shared: true);
            if (string.Equals(Describe(files.Services), Describe(shared.Services), StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"this d8-master keeps its human requests in {Describe(files.Services)} even with {ConnectionStringKey} set: there is nothing to copy between");
            }

            var (source, target) = toShared ? (files, shared) : (shared, files);
            var targetName = toShared ? Describe(shared.Services) : $"the data directory {files.Services.GetRequiredService<IOptions<D8MasterOptions>>().Value.DataDirectory}";
            var configured = files.Services.GetRequiredService<IOptions<D8MasterOptions>>().Value.Slaves.Keys.ToHashSet(StringComparer.Ordinal);
            if (!parseResult.GetValue(force) && await StoreCopy.DescribeContentAsync(target.Services, configured, cancellationToken) is { } held)
            {
                throw new InvalidOperationException($"{targetName} already holds {held}; nothing was copied. Add --force to replace it");
            }

            var summary = await StoreCopy.CopyAsync(source.Services, target.Services, cancellationToken);
            await context.Output.WriteLineAsync(
                $"d8-master: {(toShared ? "imported" : "exported")} {summary.Requests} human request(s) (counter {summary.Counter}), {summary.Slaves} slave(s) and {summary.Tasks} task(s) {(toShared ? "into" : "to")} {targetName}");
            return MasterCli.Ok;
        }));
        return command;
    }

    /// <summary>
    /// The embedded stores (the data directory, as <c>run</c> keeps them without PostgreSQL), or the stores of this
    /// d8-master's own recipe (<see cref="D8CommandLineOptions.ConfigureMaster"/>) with PostgreSQL configured.
    /// </summary>
    private static IHost Build(CliContext context, string? dataDirectory, bool shared)
    {
        var builder = CliHost.CreateBuilder(context, dataDirectory, longRunning: false);
        if (shared)
        {
            if (string.IsNullOrWhiteSpace(builder.Configuration[ConnectionStringKey]))
            {
                throw new CliUsageException($"{ConnectionStringKey} is not set: store import and export copy between the data directory and that PostgreSQL database (set D8__PostgreSql__ConnectionString, or the key in appsettings.json)");
            }

            (context.Host.ConfigureMaster ?? throw new InvalidOperationException("This d8-master has no master: D8CommandLineOptions.ConfigureMaster is not set."))(builder);
        }
        else
        {
            builder.Services.AddD8Master();
            builder.Services.AddD8HumanRequests();
        }

        // No task is sent: the slave token is not needed to copy the stores.
        builder.Services.PostConfigure<D8MasterOptions>(options => options.Token ??= "not-needed-by-this-verb");
        CliConfiguration.BindTelegramStrictly(builder.Configuration);
        var host = builder.Build();
        host.Services.GetService<IStartupValidator>()?.Validate();
        return host;
    }

    private static string Describe(IServiceProvider services) => services.GetRequiredService<IHumanRequestStore>().Location;
}
