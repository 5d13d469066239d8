using D8.Distributed.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace D8.Distributed.Core.Tests.Samples;

/// <summary>
/// The code sample of docs/master.md, kept here so it compiles and runs (MasterSampleTests). The lines between the
/// markers are copied verbatim into the docs: keep the two in step.
/// </summary>
public static class MasterSample
{
    public static async Task<string> RunAsync(string[] args)
    {
        // --- sample: begin ---
        var builder = Host.CreateApplicationBuilder(args);   // appsettings.json, D8__Master__* variables, --D8:Master:* args
        builder.Services.AddD8Master(builder.Configuration.GetSection("D8:Master"));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ISlaveEventHandler, ConsoleSlaveEvents>());

        using var host = builder.Build();
        await host.StartAsync();                              // options are validated here; the health monitor starts

        foreach (var slave in host.Services.GetRequiredService<ISlaveRegistry>().GetAll())
        {
            Console.WriteLine($"{slave.Id,-12} {slave.BaseAddress,-28} {slave.Status}");
        }

        var dispatcher = host.Services.GetRequiredService<ITaskDispatcher>();
        var result = await dispatcher.DispatchAsync(D8Task.Python("print(6*7)") with
        {
            RequiredCapabilities = ["gpu"],
            Timeout = TimeSpan.FromSeconds(30),
        });
        Console.WriteLine($"{result.SlaveId} ran {result.TaskId}: success={result.Success}, output={result.Response.Output}");

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
