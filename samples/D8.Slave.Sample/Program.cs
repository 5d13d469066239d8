using System.Globalization;
using D8.Distributed.Slave;
using Microsoft.Extensions.Options;

// d8-slave: runs a D8 slave (SLAVE API of spec §4) until stopped.
//
// Configuration, later sources winning: appsettings.json, environment variables (D8__Slave__MaxConcurrentTasks=4 ...),
// the command line (--D8:Slave:DockerImage=python:3.12-slim ...). The variables existing deployments use work too:
// SLAVE_TOKEN (alias SLAVE_AUTH_TOKEN), SLAVE_HOST (default 0.0.0.0) and SLAVE_PORT (default 7600), and the
// switches --host and --port.
var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddCommandLine(args, new Dictionary<string, string>
{
    ["--host"] = "SLAVE_HOST",
    ["--port"] = "SLAVE_PORT",
});

// 1. Where to listen.
var host = builder.Configuration["SLAVE_HOST"] is { Length: > 0 } configuredHost ? configuredHost : "0.0.0.0";
var portText = builder.Configuration["SLAVE_PORT"] is { Length: > 0 } configuredPort ? configuredPort : "7600";
if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
{
    Console.Error.WriteLine($"d8-slave: invalid port '{portText}' (SLAVE_PORT or --port): expected a number from 0 to 65535.");
    return 2;
}

builder.WebHost.UseUrls($"http://{(host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]" : host)}:{port}");

// 2. The slave: options from D8:Slave, the token also from SLAVE_TOKEN / SLAVE_AUTH_TOKEN.
builder.Services.AddD8Slave();

var app = builder.Build();
app.MapD8SlaveApi();

// 3. Refuse to start with bad options (above all: no token), saying what to set.
try
{
    _ = app.Services.GetRequiredService<IOptions<D8SlaveOptions>>().Value;
}
catch (OptionsValidationException ex)
{
    foreach (var failure in ex.Failures)
    {
        Console.Error.WriteLine($"d8-slave: {failure}");
    }

    Console.Error.WriteLine("d8-slave: example: SLAVE_TOKEN=$(openssl rand -hex 32) d8-slave --port 7600");
    return 2;
}

// 4. Run until Ctrl+C / SIGTERM; shutdown drains running tasks (D8:Slave:ShutdownGracePeriod).
await app.RunAsync();
return 0;
