using D8.HumanRequests;
using D8.Telegram.Internal.Commands;
using D8.Telegram.Internal.Texts;
using Microsoft.Extensions.Logging;
using Telegram.Bot.Extensions;
using Telegram.Bot.Types;

namespace D8.Telegram.Internal;

/// <summary>
/// Inline buttons: the decision is applied, the callback is always answered (or the button keeps spinning), and the
/// pressed message is edited at once to show who decided what, without buttons. The other chats' messages are edited
/// by the outbox's <see cref="HumanRequestNotificationKind.Decided"/> notification, like for a decision taken anywhere
/// else.
/// </summary>
internal sealed class TelegramCallbackHandler(
    IHumanRequestManager manager,
    TelegramCommandHandler commands,
    TelegramSender sender,
    TelegramMessageFormatter formatter,
    TelegramActorNames names,
    ILogger<TelegramCallbackHandler> logger)
{
    /// <summary>Callback answers are limited to 200 characters.</summary>
    private const int MaxAnswerLength = 200;

    private static readonly TimeSpan DefaultPostponement = TimeSpan.FromDays(1);

    public async Task HandleAsync(CallbackQuery query, TelegramUpdateRouter router, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(router);
        var answered = false;
        try
        {
            var message = query.Message;
            var chatId = message?.Chat.Id ?? query.From.Id;
            if (!router.IsAuthorized(chatId))
            {
                logger.Unauthorized("a button press", chatId, query.From.Id);
                answered = await AnswerAsync(query, formatter.Texts.Unauthorized, alert: true, cancellationToken).ConfigureAwait(false);
                return;
            }

            if (!router.IsAuthorizedUser(query.From.Id))
            {
                logger.UnauthorizedUser("a button press", chatId, query.From.Id);
                answered = await AnswerAsync(query, formatter.Texts.Unauthorized, alert: true, cancellationToken).ConfigureAwait(false);
                return;
            }

            if (!CallbackData.TryParse(query.Data, out var action, out var requestId, out var option))
            {
                answered = await AnswerAsync(query, formatter.Texts.ErrorNotACommand, alert: false, cancellationToken).ConfigureAwait(false);
                return;
            }

            var actor = TelegramActor.From(query.From, chatId);
            names.Remember(actor); // before deciding: the outbox edits the other chats' messages with this name
            HumanRequest request;
            string answer;
            var alert = false;
            try
            {
                (request, answer) = action switch
                {
                    CallbackAction.Approve => (await manager.ApproveAsync(requestId, actor.Id, null, cancellationToken).ConfigureAwait(false), formatter.Texts.CallbackApproved),
                    CallbackAction.Choose => await ChooseAsync(requestId, option, actor, cancellationToken).ConfigureAwait(false),
                    CallbackAction.Reject => (await manager.RejectAsync(requestId, actor.Id, null, cancellationToken).ConfigureAwait(false), formatter.Texts.CallbackRejected),
                    _ => (await manager.PostponeAsync(requestId, DefaultPostponement, actor.Id, null, cancellationToken).ConfigureAwait(false), formatter.Texts.CallbackPostponed),
                };
                var actionName = CallbackData.Format(action, string.Empty);
                logger.DecisionApplied(actor.Id, actionName, request.Id);
            }
            catch (HumanRequestNotFoundException)
            {
                answered = await AnswerAsync(query, formatter.Texts.CallbackExpired, alert: true, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (InvalidTransitionException ex)
            {
                // Decided elsewhere (another chat, a command, the dashboard): say so, and bring the message up to date.
                request = await manager.GetAsync(requestId, cancellationToken).ConfigureAwait(false);
                answer = HtmlText.ToPlain(commands.RefusedTransition(ex));
                alert = true;
            }

            answered = await AnswerAsync(query, answer, alert, cancellationToken).ConfigureAwait(false);
            if (message is not null)
            {
                // The same text the outbox puts in every chat's message, so its later edit of this one is "not modified".
                var who = request.History.Count > 0 ? names.Display(request.History[^1].Actor) : actor.DisplayName;
                await sender.EditAsync(chatId, message.MessageId, formatter.Decided(request, who), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (!answered)
            {
                // Whatever failed, the button must stop spinning; the failure itself is reported by the router.
                await TryAnswerAsync(query.Id, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Approves with the option at <paramref name="index"/> of the request as it is now.</summary>
    private async Task<(HumanRequest Request, string Answer)> ChooseAsync(string requestId, int index, TelegramActor actor, CancellationToken cancellationToken)
    {
        var current = await manager.GetAsync(requestId, cancellationToken).ConfigureAwait(false);
        if (index < 0 || index >= current.Options.Count)
        {
            // Not an option of this request (a forged or outdated button): nothing changes.
            throw new HumanRequestNotFoundException(requestId);
        }

        var chosen = await manager.ChooseAsync(current.Id, current.Options[index], actor.Id, null, cancellationToken).ConfigureAwait(false);
        return (chosen, formatter.Texts.CallbackChosen(HtmlText.Escape(chosen.ChosenOption ?? current.Options[index])));
    }

    private async Task<bool> AnswerAsync(CallbackQuery query, string text, bool alert, CancellationToken cancellationToken)
    {
        var plain = text.Length > MaxAnswerLength ? text[..(MaxAnswerLength - 1)] + "…" : text;
        await sender.AnswerAsync(query.Id, plain, alert, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async Task TryAnswerAsync(string queryId, CancellationToken cancellationToken)
    {
        try
        {
            await sender.AnswerAsync(queryId, "⚠️", alert: false, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Best effort inside a finally: the original failure is the one that matters.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            logger.UpdateFailed(0, ex);
        }
    }
}
