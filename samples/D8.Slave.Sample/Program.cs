using D8.Distributed.Contracts;
using D8.Distributed.Slave;
using Microsoft.Extensions.Options;

// d8-slave: runs a D8 slave (the slave API: /api/health, /api/version, /api/execute) until stopped.
//
// Configuration, later sources winning: appsettings.json beside the executable, the variables existing deployments
// use (SLAVE_TOKEN or SLAVE_AUTH_TOKEN, SLAVE_HOST, SLAVE_PORT), D8__Slave__* variables, the command line
// (--D8:Slave:DockerImage=python:3.12-slim ..., and the switches --host and --port).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.AddD8LegacyEnvironmentVariables();
builder.Configuration.AddEnvironmentVariables();
builder.Configuration.AddCommandLine(args, new Dictionary<string, string>
{
    ["--host"] = "D8:Slave:Host",
    ["--port"] = "D8:Slave:Port",
});

// The slave, listening where D8:Slave:Host and D8:Slave:Port say (0.0.0.0:7600 by default).
builder.Services.AddD8Slave(options => options.ConfigureKestrel = true);

// Refuse to start with bad options (above all: no token), saying what to set.
WebApplication app;
try
{
    app = builder.Build();
    app.MapD8SlaveApi();
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
catch (InvalidOperationException ex)
{
    Console.Error.WriteLine($"d8-slave: {ex.Message}");
    return 2;
}

// Run until Ctrl+C / SIGTERM; shutdown drains running tasks (D8:Slave:ShutdownGracePeriod).
await app.RunAsync();
return 0;
