using D8.Dashboard;
using D8.Distributed.Cli;
using D8.Distributed.Contracts;
using D8.Distributed.Core;
using D8.Distributed.Slave;
using D8.HumanRequests;
using D8.Telegram;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

// Uses the packed D8 libraries the way the READMEs tell a user to: every Add* method and endpoint mapping, a slave and
// a master in this process talking HTTP on loopback, a Python task, a human request, the dashboard, the CLI.
var dataDirectory = Directory.CreateTempSubdirectory("d8-consumer-").FullName;
try
{
    // The variables of an existing deployment, through the one source every host uses (never this process's own).
    var environment = new Dictionary<string, string?>
    {
        ["SLAVE_TOKEN"] = "consumer-token",
        ["D8_DATA_DIR"] = dataDirectory,
        ["TELEGRAM_TOKEN"] = "123456:consumer-check-token",
        ["TELEGRAM_CHAT_ID"] = "42",
    };

    // 1. A slave: AddD8Slave() + MapD8SlaveApi() on 127.0.0.1, a free port.
    var slaveBuilder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = dataDirectory });
    slaveBuilder.Configuration.Sources.Clear();
    slaveBuilder.Configuration.AddD8LegacyEnvironmentVariables(environment);
    slaveBuilder.Logging.ClearProviders();
    slaveBuilder.Services.AddD8Slave(options => options.ConfigureKestrel = false);
    slaveBuilder.WebHost.UseUrls("http://127.0.0.1:0");
    await using var slave = slaveBuilder.Build();
    slave.MapD8SlaveApi();
    await slave.StartAsync();
    var slaveAddress = new Uri(slave.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    using (var http = new HttpClient { BaseAddress = slaveAddress })
    {
        var health = await http.GetStringAsync(new Uri("/api/health", UriKind.Relative));
        Check(health.Contains("\"status\":\"healthy\"", StringComparison.Ordinal), "AddD8Slave + MapD8SlaveApi answer /api/health");
    }

    // 2. A master with human requests, Telegram (polling off, an unreachable Bot API) and the dashboard.
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = dataDirectory });
    builder.Configuration.Sources.Clear();
    builder.Configuration.AddD8LegacyEnvironmentVariables(environment);
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["D8:Telegram:EnablePolling"] = "false",
        ["D8:Telegram:ApiBaseUrl"] = "http://127.0.0.1:9/",
        ["D8:Dashboard:ConfigureKestrel"] = "false",
        ["D8:HumanRequests:AutoApprovalRules:0:Name"] = "small-payments",
        ["D8:HumanRequests:AutoApprovalRules:0:Type"] = "payment",
        ["D8:HumanRequests:AutoApprovalRules:0:MaxCost"] = "20.00",
    });
    builder.Logging.ClearProviders();
    builder.Services.AddD8Master();
    builder.Services.AddD8HumanRequests();
    builder.Services.AddD8Telegram();
    builder.Services.AddD8Dashboard();
    builder.WebHost.UseUrls("http://127.0.0.1:0");
    await using var master = builder.Build();
    master.MapD8Dashboard();
    await master.StartAsync();

    Check(master.Services.GetRequiredService<IOptions<D8MasterOptions>>().Value.DataDirectory == dataDirectory, "AddD8Master binds D8:Master (D8_DATA_DIR through the legacy source)");
    Check(master.Services.GetRequiredService<IHumanRequestStore>().Location.StartsWith(dataDirectory, StringComparison.Ordinal), "AddD8HumanRequests stores in the data directory");
    Check(master.Services.GetRequiredService<IOptions<D8TelegramOptions>>().Value.AuthorizedChatIds.SequenceEqual([42L]), "AddD8Telegram binds TELEGRAM_CHAT_ID");
    Check(master.Services.GetServices<IHumanRequestNotifier>().Any(), "AddD8Telegram registers a human-request notifier");

    var registry = master.Services.GetRequiredService<ISlaveRegistry>();
    await registry.RegisterAsync(new SlaveRegistration("consumer-slave", slaveAddress.Host, slaveAddress.Port));
    var checkedSlave = await master.Services.GetRequiredService<ISlaveHealthMonitor>().CheckAsync("consumer-slave");
    Check(checkedSlave.Status == SlaveStatus.Healthy, $"the master checks the slave: {checkedSlave.Status} {checkedSlave.LastError}");
    var result = await master.Services.GetRequiredService<ITaskDispatcher>().DispatchAsync(D8Task.Python("print(6 * 7)"));
    Check(result.Success && result.Response.Output == "42\n", "a Python task runs on the slave through the master");

    var request = await master.Services.GetRequiredService<IHumanRequestManager>().CreateAsync(
        new NewHumanRequest { Type = HumanRequestType.Payment, Title = "Consumer check", EstimatedCost = 3m, CreatedBy = "D8.Consumer" });
    Check(request.Id == "req-0001" && request.Status == HumanRequestStatus.Approved, "a human request is created and auto-approved by the configured rule");

    var dashboardAddress = new Uri(master.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    using (var http = new HttpClient { BaseAddress = dashboardAddress })
    {
        var page = await http.GetStringAsync(new Uri("/", UriKind.Relative));
        Check(page.Contains("consumer-slave", StringComparison.Ordinal), "AddD8Dashboard + MapD8Dashboard serve the overview with the slave");
    }

    // 3. The operator CLI of the package, as d8-master composes it.
    using var output = new StringWriter();
    var exitCode = await D8CommandLine.InvokeAsync(["--help"], new D8CommandLineOptions { Output = output, Error = output, Environment = environment, BaseDirectory = dataDirectory });
    Check(exitCode == 0 && output.ToString().Contains("slaves", StringComparison.Ordinal), "D8CommandLine prints its usage");

    await master.StopAsync();
    await slave.StopAsync();
    Console.WriteLine("D8.Consumer: every D8 package restores from nupkg/ and works.");
    return 0;
}
finally
{
    Directory.Delete(dataDirectory, recursive: true);
}

static void Check(bool condition, string what)
{
    if (!condition)
    {
        throw new InvalidOperationException($"D8.Consumer check failed: {what}");
    }

    Console.WriteLine($"ok  {what}");
}
