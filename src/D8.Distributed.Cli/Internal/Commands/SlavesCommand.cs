using System.CommandLine;
using System.Net;
using System.Text.Json;
using D8.Distributed.Contracts;
using D8.Distributed.Core;
using Microsoft.Extensions.DependencyInjection;

namespace D8.Distributed.Cli.Internal;

/// <summary>
/// <c>slaves list | add | remove | trust | check | drain | undrain</c>: the registry, through the running master, else in
/// <c>slaves/config.json</c> directly (with the registry's locking, so neither loses the other's change).
/// </summary>
internal sealed class SlavesCommand : Command
{
    private readonly CliContext _context;

    public SlavesCommand(CliContext context)
        : base("slaves", "The slave registry (through the running master, else <data-dir>/slaves/config.json)")
    {
        _context = context;
        Subcommands.Add(List());
        Subcommands.Add(Add());
        Subcommands.Add(Remove());
        Subcommands.Add(Trust());
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
        var https = new Option<bool>("--https")
        {
            Description = "The slave serves HTTPS (D8:Slave:Https): connect once, learn its certificate and pin its SHA-256 fingerprint",
        };
        var fingerprint = new Option<string?>("--fingerprint")
        {
            Description = "The SHA-256 fingerprint to pin (as d8-slave logs it at start) instead of learning it; implies --https",
        };
        var tokenFile = new Option<string?>("--token-file")
        {
            Description = "A file holding this slave's own token (its SLAVE_TOKEN), kept in slaves/secrets.json (0600); default: the shared D8:Master:Token",
        };
        fingerprint.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } value && !SlaveTlsFingerprint.TryNormalize(value, out _))
            {
                result.AddError($"--fingerprint '{value}' is not a SHA-256 fingerprint ({SlaveTlsFingerprint.Length} hex digits, colons allowed).");
            }
        });
        var command = new Command(
            "add",
            "Register a slave (with --https, --fingerprint or --token-file: in the data files directly, which the running master picks up)")
        {
            id, host, port, capabilities, https, fingerprint, tokenFile,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            Task<int> Offline(IServiceProvider services, bool json) => AddOfflineAsync(
                services,
                new SlaveRegistration(parseResult.GetRequiredValue(id), parseResult.GetRequiredValue(host), parseResult.GetValue(port))
                {
                    Capabilities = parseResult.GetValue(capabilities) ?? [],
                    Https = parseResult.GetValue(https) || parseResult.GetValue(fingerprint) is not null,
                    TlsFingerprint = parseResult.GetValue(fingerprint),
                },
                parseResult.GetValue(tokenFile),
                json,
                cancellationToken);

            // TLS and tokens are kept in the data files only (a token never travels through the master API): the
            // registry's lock makes the edit safe beside a running master, which picks it up at its next sweep.
            if (parseResult.GetValue(https) || parseResult.GetValue(fingerprint) is not null || parseResult.GetValue(tokenFile) is not null)
            {
                return VerbRunner.WithServicesAsync(_context, parseResult, needsSlaveToken: false, Offline);
            }

            return RunAsync(
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
                Offline,
                cancellationToken);
        });
        return command;
    }

    /// <summary>
    /// <c>slaves add</c> in the data files: learns or checks the certificate of an HTTPS slave first, reads the slave's
    /// own token from its file, then registers (the registry keeps the token in <c>slaves/secrets.json</c>).
    /// </summary>
    private async Task<int> AddOfflineAsync(IServiceProvider services, SlaveRegistration registration, string? tokenFile, bool json, CancellationToken cancellationToken)
    {
        if (tokenFile is not null)
        {
            registration = registration with { Token = ReadTokenFile(tokenFile) };
        }

        if (registration.Https)
        {
            if (registration.TlsFingerprint is null)
            {
                var learnt = await SlaveCertificateProbe.FingerprintAsync(registration.Host, registration.Port, cancellationToken);
                registration = registration with { TlsFingerprint = learnt };
                if (!json)
                {
                    await _context.Output.WriteLineAsync(
                        $"Certificate of '{registration.Id}': sha256 {learnt} (trusted on first use: compare it with the fingerprint d8-slave logged at start)");
                }
            }
            else
            {
                SlaveTlsFingerprint.TryNormalize(registration.TlsFingerprint, out var given);
                string presented;
                try
                {
                    presented = await SlaveCertificateProbe.FingerprintAsync(registration.Host, registration.Port, cancellationToken);
                }
                catch (InvalidOperationException ex)
                {
                    // The fingerprint was given: the slave may be started later; the master checks it on every connection.
                    await _context.Error.WriteLineAsync($"d8-master: note: {ex.Message}; the fingerprint is pinned unchecked");
                    presented = given!;
                }

                if (!string.Equals(presented, given, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException(
                        $"the slave at {registration.Host}:{registration.Port} presents a certificate with sha256 {presented}, not the given {given}; nothing was registered");
                }
            }
        }

        return await PrintAddedAsync(SlaveView.From(await services.GetRequiredService<ISlaveRegistry>().RegisterAsync(registration, cancellationToken)), json);
    }

    /// <summary>A slave's own token from a file (never from the command line, where every user sees it in ps).</summary>
    private static string ReadTokenFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new InvalidOperationException($"--token-file '{path}' cannot be read: {ex.Message}", ex);
        }

        // Files written with echo or an editor end with a line break, which is never part of the token.
        text = text.Trim();
        return text.Length == 0 ? throw new InvalidOperationException($"--token-file '{path}' is empty") : text;
    }

    private Command Trust()
    {
        var id = new Argument<string>("id") { Description = "Slave id" };
        var command = new Command(
            "trust",
            "Accept the certificate an HTTPS slave presents now (after it changed): learn its SHA-256 fingerprint and pin it, printing old and new")
        {
            id,
        };
        command.SetAction((parseResult, cancellationToken) => VerbRunner.WithServicesAsync(
            _context,
            parseResult,
            needsSlaveToken: false,
            async (services, json) =>
            {
                var slaveId = parseResult.GetRequiredValue(id);
                var registry = services.GetRequiredService<ISlaveRegistry>();
                var slave = registry.Find(slaveId) ?? throw new KeyNotFoundException($"no slave with id '{slaveId}' is registered");
                if (!slave.Https)
                {
                    throw new InvalidOperationException(
                        $"slave '{slaveId}' is reached over plain HTTP, so there is no certificate to trust; to use HTTPS: d8-master slaves remove {slaveId}, then d8-master slaves add {slaveId} {slave.Host} --port {slave.Port} --https");
                }

                var presented = await SlaveCertificateProbe.FingerprintAsync(slave.Host, slave.Port, cancellationToken);
                var change = await registry.UpdateAsync(slaveId, current => current.TlsFingerprint == presented ? current : current with { TlsFingerprint = presented }, cancellationToken);
                var after = change?.After ?? registry.Find(slaveId) ?? slave;
                await _context.Output.WriteLineAsync(json
                    ? JsonSerializer.Serialize(SlaveView.From(after), CliJsonContext.Default.SlaveView)
                    : slave.TlsFingerprint == presented
                        ? $"Slave '{slaveId}' already has this certificate pinned: sha256 {presented}"
                        : $"Trusted the new certificate of slave '{slaveId}': sha256 {slave.TlsFingerprint ?? "(none)"} -> {presented}");
                return MasterCli.Ok;
            }));
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
            : $"Registered slave '{slave.Id}' at {new UriBuilder(slave.Https ? Uri.UriSchemeHttps : Uri.UriSchemeHttp, slave.Host, slave.Port).Uri}");
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

        var table = new TextTable("ID", "ADDRESS", "STATUS", "DRAINED", "TLS", "COMMIT", "LAST SEEN", "CAPABILITIES", "LAST ERROR");
        foreach (var view in slaves)
        {
            table.AddRow(view.Id, $"{view.Host}:{view.Port}", view.Status, view.Drained ? "yes" : "no", Tls(view), view.Commit, Names.Time(view.LastSeen),
                string.Join(',', view.Capabilities), view.LastError);
        }

        _context.Output.Write(table.ToString());
        return MasterCli.Ok;
    }

    /// <summary>"http", "https sha256:0123456789ab..." (the start of the pin, enough to compare by eye) or "https unpinned".</summary>
    private static string Tls(SlaveView view) =>
        !view.Https ? "http" : view.TlsFingerprint is { Length: > 12 } pin ? $"https sha256:{pin[..12]}..." : "https unpinned";

    private Task<int> RunAsync(
        ParseResult parseResult,
        Func<MasterConnection, bool, Task<int>> online,
        Func<IServiceProvider, bool, Task<int>> offline,
        CancellationToken cancellationToken) =>
        VerbRunner.WithMasterAsync(
            _context,
            parseResult,
            online,
            (GlobalOptions.OfflineNotice, notice => VerbRunner.ServicesAsync(_context, parseResult, needsSlaveToken: false, offline, notice)),
            cancellationToken);
}
