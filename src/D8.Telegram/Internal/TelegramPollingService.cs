using D8.Distributed.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types.Enums;

namespace D8.Telegram.Internal;

/// <summary>
/// Long polling with our own loop over <c>getUpdates</c> (the library's receiver neither backs off nor keeps an
/// update whose handler failed). Each update is handled once, in order; the offset moves past it whether its handler
/// succeeded or not, so one bad update cannot block the others. Failures of the poll itself (network, 409 from
/// another poller, 429) wait an exponential, bounded delay timed by the injected <see cref="TimeProvider"/>.
/// </summary>
internal sealed class TelegramPollingService(
    TelegramBotClients clients,
    TelegramUpdateRouter router,
    ID8Leadership leadership,
    IOptions<D8TelegramOptions> options,
    TimeProvider timeProvider,
    ILogger<TelegramPollingService> logger) : BackgroundService
{
    private const int BatchLimit = 100;
    private static readonly UpdateType[] AllowedUpdates = [UpdateType.Message, UpdateType.CallbackQuery];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.EnablePolling)
        {
            return;
        }

        // Among several masters only the leader polls (Telegram allows one getUpdates poller per bot); a term that
        // ends stops the loop, and the next leader carries on from the offset Telegram keeps.
        while (!stoppingToken.IsCancellationRequested)
        {
            CancellationToken term;
            try
            {
                term = await leadership.AcquireAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, term);
            await PollAsync(linked.Token).ConfigureAwait(false);
            if (!term.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task PollAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var failures = 0;
        var ready = false;
        int? offset = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!ready)
                {
                    var me = await clients.Polling.GetMe(stoppingToken).ConfigureAwait(false);
                    router.BotUsername = me.Username;
                    await clients.Polling.DeleteWebhook(dropPendingUpdates: false, cancellationToken: stoppingToken).ConfigureAwait(false);
                    ready = true;
                    var botName = me.Username ?? me.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    logger.PollingStarted(botName, settings.AuthorizedChatIds.Count);
                }

                var updates = await clients.Polling.GetUpdates(
                    offset,
                    BatchLimit,
                    (int)settings.PollingTimeout.TotalSeconds,
                    AllowedUpdates,
                    stoppingToken).ConfigureAwait(false);
                if (failures > 0)
                {
                    logger.PollingRecovered(failures);
                    failures = 0;
                }

                foreach (var update in updates.OrderBy(u => u.Id))
                {
                    await router.HandleSafelyAsync(update, stoppingToken).ConfigureAwait(false);
                    offset = update.Id + 1;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // The loop must survive any failure of a poll; each one is logged and backed off.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failures++;
                var delay = PollingBackoff.Delay(failures, ex, settings.InitialRetryDelay, settings.MaxRetryDelay);

                // The timer starts before the log line, so whoever reads the log (a test advancing a fake clock)
                // knows the wait is already scheduled.
                var wait = Task.Delay(delay, timeProvider, stoppingToken);
                logger.PollingFailed(PollingBackoff.Describe(ex), failures, delay, ex);
                try
                {
                    await wait.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        logger.PollingStopped();
    }
}
