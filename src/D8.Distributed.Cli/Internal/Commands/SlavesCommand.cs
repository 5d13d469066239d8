using System.CommandLine;
using System.Text.Json;
using D8.Distributed.Core;
using Microsoft.Extensions.DependencyInjection;

namespace D8.Distributed.Cli.Internal;

/// <summary><c>slaves list | add | remove | check</c>: the registry in <c>slaves/config.json</c>.</summary>
internal sealed class SlavesCommand : Command
{
    private readonly CliContext _context;

    public SlavesCommand(CliContext context)
        : base("slaves", "The slave registry (<data-dir>/slaves/config.json)")
    {
        _context = context;
        Subcommands.Add(List());
        Subcommands.Add(Add());
        Subcommands.Add(Remove());
        Subcommands.Add(Check());
    }

    private Command List()
    {
        var command = new Command("list", "List the registered slaves with their last known status");
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult, needsToken: false, (services, json) =>
        {
            var slaves = services.GetRequiredService<ISlaveRegistry>().GetAll();
            return Task.FromResult(Print(slaves, json));
        }));
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
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult, needsToken: false, async (services, json) =>
        {
            var registration = new SlaveRegistration(parseResult.GetRequiredValue(id), parseResult.GetRequiredValue(host), parseResult.GetValue(port))
            {
                Capabilities = parseResult.GetValue(capabilities) ?? [],
            };
            var slave = await services.GetRequiredService<ISlaveRegistry>().RegisterAsync(registration, cancellationToken);
            if (json)
            {
                await _context.Output.WriteLineAsync(JsonSerializer.Serialize(SlaveView.From(slave), CliJsonContext.Default.SlaveView));
            }
            else
            {
                await _context.Output.WriteLineAsync($"Registered slave '{slave.Id}' at {slave.BaseAddress}");
            }

            return MasterCli.Ok;
        }));
        return command;
    }

    private Command Remove()
    {
        var id = new Argument<string>("id") { Description = "Slave id" };
        var command = new Command("remove", "Unregister a slave") { id };
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult, needsToken: false, async (services, json) =>
        {
            var slaveId = parseResult.GetRequiredValue(id);
            var removed = await services.GetRequiredService<ISlaveRegistry>().UnregisterAsync(slaveId, cancellationToken);
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
        }));
        return command;
    }

    private Command Check()
    {
        var id = new Argument<string?>("id") { Description = "Check only this slave (default: all)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("check", "Check the health and version of the slaves now; exit code 1 unless all are healthy") { id };
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult, needsToken: false, async (services, json) =>
        {
            var monitor = services.GetRequiredService<ISlaveHealthMonitor>();
            IReadOnlyList<SlaveInfo> checkedSlaves = parseResult.GetValue(id) is { } slaveId
                ? [await monitor.CheckAsync(slaveId, cancellationToken)]
                : await monitor.CheckAllAsync(cancellationToken);
            Print(checkedSlaves, json);
            return checkedSlaves.All(slave => slave.Status == SlaveStatus.Healthy) ? MasterCli.Ok : MasterCli.Failed;
        }));
        return command;
    }

    private int Print(IReadOnlyList<SlaveInfo> slaves, bool json)
    {
        if (json)
        {
            IReadOnlyList<SlaveView> views = [.. slaves.Select(SlaveView.From)];
            _context.Output.WriteLine(JsonSerializer.Serialize(views, CliJsonContext.Default.IReadOnlyListSlaveView));
            return MasterCli.Ok;
        }

        if (slaves.Count == 0)
        {
            _context.Output.WriteLine("No slaves registered. Add one with: d8-master slaves add <id> <host> [--port 7600]");
            return MasterCli.Ok;
        }

        var table = new TextTable("ID", "ADDRESS", "STATUS", "COMMIT", "LAST SEEN", "CAPABILITIES", "LAST ERROR");
        foreach (var slave in slaves)
        {
            var view = SlaveView.From(slave);
            table.AddRow(view.Id, $"{view.Host}:{view.Port}", view.Status, view.Commit, Names.Time(view.LastSeen), string.Join(',', view.Capabilities), view.LastError);
        }

        _context.Output.Write(table.ToString());
        return MasterCli.Ok;
    }

    private Task<int> RunAsync(ParseResult parseResult, bool needsToken, Func<IServiceProvider, bool, Task<int>> body) =>
        VerbRunner.WithServicesAsync(_context, parseResult, needsToken, body);
}
