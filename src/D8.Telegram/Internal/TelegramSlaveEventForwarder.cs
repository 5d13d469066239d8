using D8.Distributed.Core;
using D8.HumanRequests;
using D8.Telegram.Internal.Texts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace D8.Telegram.Internal;

/// <summary>Raises the master's slave events (down, recovered, version mismatch), as chosen by the
/// <c>ForwardSlave…</c> options, as owner alerts: stored in the human requests' outbox and delivered to every
/// authorised chat by <see cref="TelegramOwnerAlertNotifier"/>, retried until Telegram answers, also after a restart.</summary>
/// <remarks>Without <see cref="IOwnerAlerts"/> (human requests not registered) the event is sent directly, as before
/// the outbox: a chat that cannot be reached is logged and skipped, and the alert is lost.</remarks>
internal sealed class TelegramSlaveEventForwarder(
    TelegramSender sender,
    TelegramMessageFormatter formatter,
    IOptions<D8TelegramOptions> options,
    ILogger<TelegramSlaveEventForwarder> logger,
    IOwnerAlerts? alerts = null) : ISlaveEventHandler
{
    private readonly SlaveMessageFormatter _slaves = new(formatter.Texts);

    public async ValueTask HandleAsync(SlaveEvent slaveEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(slaveEvent);
        var settings = options.Value;
        var forward = slaveEvent.Kind switch
        {
            SlaveEventKind.Down => settings.ForwardSlaveDown,
            SlaveEventKind.Recovered => settings.ForwardSlaveRecovered,
            SlaveEventKind.VersionMismatch => settings.ForwardSlaveVersionMismatch,
            _ => false,
        };
        if (!forward)
        {
            return;
        }

        if (alerts is not null)
        {
            await alerts.RaiseAsync(SlaveAlerts.ToAlert(slaveEvent), cancellationToken).ConfigureAwait(false);
            return;
        }

        var html = _slaves.Event(slaveEvent);
        foreach (var chatId in settings.AuthorizedChatIds.Distinct())
        {
            try
            {
                await sender.SendAsync(chatId, html, null, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.SendFailed(chatId, ex);
            }
        }
    }
}
