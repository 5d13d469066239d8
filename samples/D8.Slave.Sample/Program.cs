using System.CommandLine;
using D8.Distributed.Contracts;
using D8.Distributed.Slave;
using D8.Slave.Sample;

// d8-slave: runs a D8 slave (the slave API: /api/health, /api/version, /api/execute) until Ctrl+C / SIGTERM.
// Exit codes: 0 stopped (or --help, --version), 1 could not start (one line says why), 2 usage error.
var host = new Option<string?>("--host") { Description = "Address to listen on: an IP address or localhost (default 0.0.0.0; D8:Slave:Host, SLAVE_HOST)" };
var port = new Option<int?>("--port")
{
    Description = "TCP port to listen on, 0 for a free one (default 7600; D8:Slave:Port, SLAVE_PORT)",
    CustomParser = result =>
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value <= 65535)
        {
            return value;
        }

        result.AddError($"--port '{text}' is not a TCP port (0-65535).");
        return null;
    },
};

var command = new RootCommand("d8-slave: runs a D8 slave, which executes Python (or shell) tasks for a D8 master.") { host, port };
command.SetAction(async (parseResult, cancellationToken) =>
{
    // 1. Configuration, later sources winning: appsettings.json beside the executable (whatever the current directory),
    //    the variables existing deployments use (SLAVE_TOKEN, SLAVE_TOKEN_FILE, SLAVE_HOST, SLAVE_PORT ...), the
    //    environment variables (D8__Slave__DockerImage=python:3.12-slim ...), then --host and --port.
    //    The slim builder (no hosting startup assemblies, EventSource/Debug logging or reflection-based defaults) keeps
    //    d8-slave NativeAOT-clean and quick to start; HTTPS endpoints from the Kestrel configuration are added back.
    var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
    builder.WebHost.UseKestrelHttpsConfiguration();
    builder.Configuration.Sources.Clear();
    builder.Configuration
        .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true, reloadOnChange: false)
        .AddD8LegacyEnvironmentVariables()
        .AddEnvironmentVariables()
        .AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{D8SlaveOptions.SectionName}:Host"] = parseResult.GetValue(host),
            [$"{D8SlaveOptions.SectionName}:Port"] = parseResult.GetValue(port)?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }.Where(setting => setting.Value is not null));

    // A section under D8 that no package reads (D8__Slav__Port) would be ignored: refuse it, naming it. The other
    // packages' sections (D8:Master ...) are accepted, since an appsettings.json may be shared with the master.
    SlaveCommandLine.RefuseUnknownSections(builder.Configuration);

    // 2. Logs: one line each (Logging:Console:FormatterName json or systemd for another format); under systemd
    //    (Type=notify) the slave says READY=1 once it listens.
    builder.Services.AddSystemd();
    SlaveCommandLine.ConfigureConsoleLogs(builder);

    // 3. The slave, listening where D8:Slave:Host and D8:Slave:Port say (0.0.0.0:7600 by default). Its options are
    //    bound strictly and validated at start: without a token it refuses to start and says how to set one.
    builder.Services.AddD8Slave(options => options.ConfigureKestrel = true);
    var app = builder.Build();
    app.MapD8SlaveApi();

    // 4. Run until Ctrl+C / SIGTERM; shutdown drains running tasks (D8:Slave:ShutdownGracePeriod).
    await app.RunAsync(cancellationToken);
    return 0;
});

return await SlaveCommandLine.InvokeAsync(command, args);
