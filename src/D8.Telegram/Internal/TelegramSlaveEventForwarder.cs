using D8.Distributed.Core;
using D8.Telegram.Internal.Texts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace D8.Telegram.Internal;

/// <summary>Forwards the master's slave events (down, recovered, version mismatch) to every authorised chat, as
/// chosen by the <c>ForwardSlave…</c> options. A chat that cannot be reached is logged and skipped.</summary>
internal sealed class TelegramSlaveEventForwarder(
    TelegramSender sender,
    TelegramMessageFormatter formatter,
    IOptions<D8TelegramOptions> options,
    ILogger<TelegramSlaveEventForwarder> logger) : ISlaveEventHandler
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
