using D8.Telegram.Internal.Commands;
using D8.Telegram.Internal.Texts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot.Extensions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace D8.Telegram.Internal;

/// <summary>
/// Routes one update: authorisation first (anyone else gets a refusal and nothing changes), then commands or button
/// presses. A handler that fails gets an error reply; it never reaches the polling loop.
/// </summary>
internal sealed class TelegramUpdateRouter(
    TelegramCommandHandler commands,
    TelegramCallbackHandler callbacks,
    TelegramSender sender,
    TelegramMessageFormatter formatter,
    IOptions<D8TelegramOptions> options,
    ILogger<TelegramUpdateRouter> logger)
{
    private volatile string? _botUsername;

    /// <summary>The bot's user name from <c>getMe</c>; commands addressed to another bot (<c>/x@other_bot</c>) are ignored.</summary>
    public string? BotUsername
    {
        get => _botUsername;
        set => _botUsername = value;
    }

    public bool IsAuthorized(long chatId) => options.Value.AuthorizedChatIds.Contains(chatId);

    /// <summary>Whether <paramref name="userId"/> may act: always when no user ids are configured.</summary>
    public bool IsAuthorizedUser(long? userId)
    {
        var users = options.Value.AuthorizedUserIds;
        return users.Count == 0 || (userId is { } id && users.Contains(id));
    }

    /// <summary>Handles the update; every failure is logged and answered, none escapes (except cancellation).</summary>
    public async Task HandleSafelyAsync(Update update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        try
        {
            await HandleAsync(update, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A failing handler must not stop the bot: it is logged and reported to the user.
        catch (Exception ex)
        {
            logger.UpdateFailed(update.Id, ex);
            await ReportFailureAsync(update, ex, cancellationToken).ConfigureAwait(false);
        }
#pragma warning restore CA1031
    }

    private async Task HandleAsync(Update update, CancellationToken cancellationToken)
    {
        switch (update.Type)
        {
            case UpdateType.Message when update.Message is { Text: not null } message:
                await OnMessageAsync(message, cancellationToken).ConfigureAwait(false);
                break;
            case UpdateType.CallbackQuery when update.CallbackQuery is { } query:
                await callbacks.HandleAsync(query, this, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    private async Task OnMessageAsync(Message message, CancellationToken cancellationToken)
    {
        var chatId = message.Chat.Id;
        if (!IsAuthorized(chatId))
        {
            logger.Unauthorized("a message", chatId, message.From?.Id);
            await sender.SendAsync(chatId, formatter.Texts.Unauthorized, null, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!CommandParser.TryParse(message.Text, out var command))
        {
            if (message.Chat.Type == ChatType.Private)
            {
                await sender.SendAsync(chatId, formatter.Texts.ErrorNotACommand, null, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        if (command.BotName is { } addressedTo && BotUsername is { } me && !string.Equals(addressedTo, me, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        // In a group every member can type a command: with user ids configured only those users decide.
        if (!IsAuthorizedUser(message.From?.Id))
        {
            logger.UnauthorizedUser("a command", chatId, message.From?.Id);
            await sender.SendAsync(chatId, formatter.Texts.Unauthorized, null, cancellationToken).ConfigureAwait(false);
            return;
        }

        IReadOnlyList<string> replies = CommandParser.TryResolve(command.Name, out var kind)
            ? await commands.HandleAsync(kind, command, TelegramActor.From(message.From, chatId), cancellationToken).ConfigureAwait(false)
            : [formatter.Texts.ErrorUnknownCommand(HtmlText.Escape("/" + command.Name))];
        foreach (var reply in replies)
        {
            await sender.SendAsync(chatId, reply, null, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ReportFailureAsync(Update update, Exception error, CancellationToken cancellationToken)
    {
        var chatId = update.Message?.Chat.Id ?? update.CallbackQuery?.Message?.Chat.Id;
        if (chatId is not { } id || !IsAuthorized(id))
        {
            return;
        }

        try
        {
            var text = formatter.Texts.ErrorHandlerFailed(Html.EscapeTruncated(error.Message, 500, "…"));
            await sender.SendAsync(id, text, null, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Reporting is best effort: the failure is already logged.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            logger.SendFailed(id, ex);
        }
    }
}
