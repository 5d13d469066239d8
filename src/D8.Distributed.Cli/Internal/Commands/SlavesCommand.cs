using System.CommandLine;
using System.Net;
using System.Text.Json;
using D8.Distributed.Contracts;
using D8.Distributed.Core;
using Microsoft.Extensions.DependencyInjection;

namespace D8.Distributed.Cli.Internal;

/// <summary>
/// <c>slaves list | add | remove | check | drain | undrain</c>: the registry, through the running master, else in
/// <c>slaves/config.json</c> directly (with the registry's locking, so neither loses the other's change).
/// </summary>
internal sealed class SlavesCommand : Command
{
    private const string OfflineNotice = "working on the data files directly";

    private readonly CliContext _context;

    public SlavesCommand(CliContext context)
        : base("slaves", "The slave registry (through the running master, else <data-dir>/slaves/config.json)")
    {
        _context = context;
        Subcommands.Add(List());
        Subcommands.Add(Add());
        Subcommands.Add(Remove());
        Subcommands.Add(Check());
        Subcommands.Add(Drain("drain", "Give the slave no new tasks (running ones finish) until it is undrained", drained: true));
        Subcommands.Add(Drain("undrain", "Give a drained slave tasks again", drained: false));
    }

    private Command List()
    {
        var command = new Command("list", "List the registered slaves with their last known status");
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult,
            async (master, json) => Print([.. (await master.Client.ListSlavesAsync(cancellationToken)).Select(SlaveView.From)], json),
            (services, json) => Task.FromResult(Print([.. services.GetRequiredService<ISlaveRegistry>().GetAll().Select(SlaveView.From)], json)),
            cancellationToken));
        return command;
    }

    private Command Add()
    {
        var id = new Argument<string>("id") { Description = "Slave id, e.g. desk-pc" };
        var host = new Argument<string>("host") { Description = "Host name or IP address" };
        var port = new Option<int>("--port") { Description = "Slave port", DefaultValueFactory = _ => SlaveRegistration.DefaultPort };
        var capabilities = new Option<string[]>("--capability")
        {
            Description = "A label tasks can require (gpu, docker ...); repeat for several",
            AllowMultipleArgumentsPerToken = false,
        };
        host.Validators.Add(result =>
        {
            // "http://10.0.0.5:7600" would only fail later, deep in a Uri: say what to write instead.
            if (result.GetValueOrDefault<string>() is { } value && Uri.CheckHostName(value) == UriHostNameType.Unknown)
            {
                result.AddError($"'{value}' is not a host name or IP address: give the host alone and the port with --port (slaves add <id> 192.168.1.10 --port 7600).");
            }
        });
        port.Validators.Add(result =>
        {
            // A token that does not parse already has its error; reading its value here would throw.
            if (result.Tokens is [{ } token]
                && int.TryParse(token.Value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value)
                && value is < 1 or > 65535)
            {
                result.AddError($"--port {value} is not a TCP port (1-65535).");
            }
        });
        var command = new Command("add", "Register a slave") { id, host, port, capabilities };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult,
            async (master, json) => await PrintAddedAsync(
                SlaveView.From(await master.Client.RegisterSlaveAsync(
                    new SlaveRegistrationRequest
                    {
                        Id = parseResult.GetRequiredValue(id),
                        Host = parseResult.GetRequiredValue(host),
                        Port = parseResult.GetValue(port),
                        Capabilities = parseResult.GetValue(capabilities) ?? [],
                    },
                    cancellationToken)),
                json),
            async (services, json) =>
            {
                var registration = new SlaveRegistration(parseResult.GetRequiredValue(id), parseResult.GetRequiredValue(host), parseResult.GetValue(port))
                {
                    Capabilities = parseResult.GetValue(capabilities) ?? [],
                };
                return await PrintAddedAsync(SlaveView.From(await services.GetRequiredService<ISlaveRegistry>().RegisterAsync(registration, cancellationToken)), json);
            },
            cancellationToken));
        return command;
    }

    private Command Remove()
    {
        var id = new Argument<string>("id") { Description = "Slave id" };
        var command = new Command("remove", "Unregister a slave") { id };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult,
            async (master, json) =>
            {
                var slaveId = parseResult.GetRequiredValue(id);
                try
                {
                    await master.Client.RemoveSlaveAsync(slaveId, cancellationToken);
                    return await PrintRemovedAsync(slaveId, removed: true, json);
                }
                catch (D8MasterApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
                {
                    return await PrintRemovedAsync(slaveId, removed: false, json);
                }
            },
            async (services, json) =>
            {
                var slaveId = parseResult.GetRequiredValue(id);
                return await PrintRemovedAsync(slaveId, await services.GetRequiredService<ISlaveRegistry>().UnregisterAsync(slaveId, cancellationToken), json);
            },
            cancellationToken));
        return command;
    }

    private Command Check()
    {
        var id = new Argument<string?>("id") { Description = "Check only this slave (default: all)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("check", "Check the health and version of the slaves now; exit code 1 unless all are healthy") { id };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult,
            async (master, json) =>
            {
                IReadOnlyList<SlaveResponse> checkedSlaves = parseResult.GetValue(id) is { } slaveId
                    ? [await master.Client.CheckSlaveAsync(slaveId, cancellationToken)]
                    : await master.Client.CheckSlavesAsync(cancellationToken);
                return PrintChecked([.. checkedSlaves.Select(SlaveView.From)], json);
            },
            async (services, json) =>
            {
                var monitor = services.GetRequiredService<ISlaveHealthMonitor>();
                IReadOnlyList<SlaveInfo> checkedSlaves = parseResult.GetValue(id) is { } slaveId
                    ? [await monitor.CheckAsync(slaveId, cancellationToken)]
                    : await monitor.CheckAllAsync(cancellationToken);
                return PrintChecked([.. checkedSlaves.Select(SlaveView.From)], json);
            },
            cancellationToken));
        return command;
    }

    private Command Drain(string name, string description, bool drained)
    {
        var id = new Argument<string>("id") { Description = "Slave id" };
        var command = new Command(name, description) { id };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult,
            async (master, json) =>
            {
                var slaveId = parseResult.GetRequiredValue(id);
                var slave = drained
                    ? await master.Client.DrainSlaveAsync(slaveId, cancellationToken)
                    : await master.Client.UndrainSlaveAsync(slaveId, cancellationToken);
                return await PrintDrainedAsync(SlaveView.From(slave), json);
            },
            async (services, json) =>
            {
                // One change under the registry's lock; the running master (if any later) reads it from the file.
                var slaveId = parseResult.GetRequiredValue(id);
                var registry = services.GetRequiredService<ISlaveRegistry>();
                var change = await registry.UpdateAsync(slaveId, slave => slave.Drained == drained ? slave : slave with { Drained = drained }, cancellationToken);
                var slave = change?.After ?? registry.Find(slaveId) ?? throw new KeyNotFoundException($"No slave with id '{slaveId}' is registered.");
                return await PrintDrainedAsync(SlaveView.From(slave), json);
            },
            cancellationToken));
        return command;
    }

    private async Task<int> PrintAddedAsync(SlaveView slave, bool json)
    {
        await _context.Output.WriteLineAsync(json
            ? JsonSerializer.Serialize(slave, CliJsonContext.Default.SlaveView)
            : $"Registered slave '{slave.Id}' at {new UriBuilder(Uri.UriSchemeHttp, slave.Host, slave.Port).Uri}");
        return MasterCli.Ok;
    }

    private async Task<int> PrintRemovedAsync(string slaveId, bool removed, bool json)
    {
        if (json)
        {
            await _context.Output.WriteLineAsync(JsonSerializer.Serialize(new ActionView("remove", slaveId, removed), CliJsonContext.Default.ActionView));
        }
        else if (removed)
        {
            await _context.Output.WriteLineAsync($"Removed slave '{slaveId}'");
        }

        if (!removed)
        {
            await _context.Error.WriteLineAsync($"d8-master: no slave with id '{slaveId}' is registered");
        }

        return removed ? MasterCli.Ok : MasterCli.Failed;
    }

    private async Task<int> PrintDrainedAsync(SlaveView slave, bool json)
    {
        await _context.Output.WriteLineAsync(json
            ? JsonSerializer.Serialize(slave, CliJsonContext.Default.SlaveView)
            : slave.Drained ? $"Drained slave '{slave.Id}': it gets no new tasks until: d8-master slaves undrain {slave.Id}" : $"Undrained slave '{slave.Id}': it gets tasks again");
        return MasterCli.Ok;
    }

    private int PrintChecked(IReadOnlyList<SlaveView> slaves, bool json)
    {
        Print(slaves, json);
        return slaves.All(slave => slave.Status == "healthy") ? MasterCli.Ok : MasterCli.Failed;
    }

    private int Print(IReadOnlyList<SlaveView> slaves, bool json)
    {
        if (json)
        {
            _context.Output.WriteLine(JsonSerializer.Serialize(slaves, CliJsonContext.Default.IReadOnlyListSlaveView));
            return MasterCli.Ok;
        }

        if (slaves.Count == 0)
        {
            _context.Output.WriteLine("No slaves registered. Add one with: d8-master slaves add <id> <host> [--port 7600]");
            return MasterCli.Ok;
        }

        var table = new TextTable("ID", "ADDRESS", "STATUS", "DRAINED", "COMMIT", "LAST SEEN", "CAPABILITIES", "LAST ERROR");
        foreach (var view in slaves)
        {
            table.AddRow(view.Id, $"{view.Host}:{view.Port}", view.Status, view.Drained ? "yes" : "no", view.Commit, Names.Time(view.LastSeen),
                string.Join(',', view.Capabilities), view.LastError);
        }

        _context.Output.Write(table.ToString());
        return MasterCli.Ok;
    }

    private Task<int> RunAsync(
        ParseResult parseResult,
        Func<MasterConnection, bool, Task<int>> online,
        Func<IServiceProvider, bool, Task<int>> offline,
        CancellationToken cancellationToken) =>
        VerbRunner.WithMasterAsync(
            _context,
            parseResult,
            online,
            (OfflineNotice, notice => VerbRunner.ServicesAsync(_context, parseResult, needsSlaveToken: false, offline, notice)),
            cancellationToken);
}
