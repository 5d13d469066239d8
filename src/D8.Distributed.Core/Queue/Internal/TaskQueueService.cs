using Microsoft.Extensions.Hosting;

namespace D8.Distributed.Core.Internal;

/// <summary>Runs the dispatch loop with the host: started with it (rejoining tasks left running), stopped with it.</summary>
internal sealed class TaskQueueService(TaskDispatchLoop loop) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        loop.EnsureStarted();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => loop.StopAsync(cancellationToken);
}
