using D8.Distributed.Core.Assignment;
using D8.Distributed.Core.Monitoring;
using D8.Distributed.Core.Registry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace D8.Distributed.Core.Tests.Samples;

/// <summary>
/// The code sample of docs/master.md, kept here so it compiles and runs (see MasterSampleTests). Keep the two in step.
/// </summary>
public static class MasterSample
{
    public static async Task<string> RunAsync(IConfiguration configuration, string slaveHost, int slavePort)
    {
        // --- sample: begin ---
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddConfiguration(configuration);           // appsettings.json, D8__Master__..., SLAVE_TOKEN
        builder.Services.AddD8Master(builder.Configuration.GetSection("D8:Master"));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ISlaveEventHandler, ConsoleSlaveEvents>());

        using var host = builder.Build();
        await host.StartAsync();                                            // options validated here; monitor starts

        var registry = host.Services.GetRequiredService<ISlaveRegistry>();
        if (registry.Find("desk") is null)
        {
            await registry.RegisterAsync(new SlaveRegistration("desk", slaveHost, slavePort) { Capabilities = ["gpu"] });
        }

        var dispatcher = host.Services.GetRequiredService<ITaskDispatcher>();
        var result = await dispatcher.DispatchAsync(D8Task.Python("print(6*7)") with
        {
            RequiredCapabilities = ["gpu"],
            Timeout = TimeSpan.FromSeconds(30),
        });
        Console.WriteLine($"{result.SlaveId} (task {result.TaskId}): success={result.Success} output={result.Response.Output}");

        await host.StopAsync();
        // --- sample: end ---
        return result.Response.Output;
    }

    /// <summary>Prints slave events; a real app forwards them (the Telegram package does).</summary>
    public sealed class ConsoleSlaveEvents : ISlaveEventHandler
    {
        public ValueTask HandleAsync(SlaveEvent slaveEvent, CancellationToken cancellationToken)
        {
            Console.WriteLine($"{slaveEvent.OccurredAt:u} {slaveEvent.SlaveId}: {slaveEvent.Kind} ({slaveEvent.Detail})");
            return ValueTask.CompletedTask;
        }
    }
}
