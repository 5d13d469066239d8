using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Slave.Internal;

/// <summary>
/// Graceful shutdown. Runs in <see cref="IHostedLifecycleService.StoppingAsync"/>, before the web server stops, so the
/// slave still answers: new tasks get 503 and health says <c>draining</c>, running tasks get the grace period, and
/// whatever still runs then is killed (and answered).
/// </summary>
internal sealed class SlaveShutdownService(
    SlaveLifecycle lifecycle,
    IOptions<D8SlaveOptions> options,
    TimeProvider timeProvider,
    ILogger<SlaveShutdownService> logger) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        lifecycle.BeginDraining();
        var idle = lifecycle.WhenIdleAsync();
        if (idle.IsCompleted)
        {
            return;
        }

        var grace = options.Value.ShutdownGracePeriod;
        Log.Draining(logger, lifecycle.Active, grace.TotalSeconds);
        using var graceOver = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timer = Task.Delay(grace, timeProvider, graceOver.Token);
        if (await Task.WhenAny(idle, timer).ConfigureAwait(false) == idle)
        {
            await graceOver.CancelAsync().ConfigureAwait(false);
            return;
        }

        Log.KillingAfterGrace(logger, lifecycle.Active);
        lifecycle.KillAll();
        try
        {
            await idle.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The host's own shutdown timeout ran out first; the processes were already told to die.
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
