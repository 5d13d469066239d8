using D8.Distributed.Core;
using D8.HumanRequests;
using D8.Telegram.Internal.Texts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Telegram.Bot.Extensions;

namespace D8.Telegram.Internal.Commands;

/// <summary>
/// Carries out one command against <see cref="IHumanRequestManager"/> and returns the HTML replies. Bad input (missing
/// or unknown id, refused transition, bad duration or amount) gets a helpful reply and changes nothing.
/// </summary>
internal sealed partial class TelegramCommandHandler(
    IHumanRequestManager manager,
    TelegramMessageFormatter formatter,
    IServiceProvider services,
    TelegramActorNames names,
    ILogger<TelegramCommandHandler> logger)
{
    private static readonly TimeSpan DefaultPostponement = TimeSpan.FromDays(1);

    private TelegramTexts Texts => formatter.Texts;

    public async Task<IReadOnlyList<string>> HandleAsync(BotCommandKind kind, ParsedCommand command, TelegramActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(actor);
        names.Remember(actor); // the outbox then shows this name in the request's edited messages
        try
        {
            return kind switch
            {
                BotCommandKind.Help => [Texts.Help],
                BotCommandKind.List => await ListAsync(command, cancellationToken).ConfigureAwait(false),
                BotCommandKind.Details => [await DetailsAsync(command, cancellationToken).ConfigureAwait(false)],
                BotCommandKind.Approve => [await ApproveAsync(command, actor, cancellationToken).ConfigureAwait(false)],
                BotCommandKind.Reject => [await RejectAsync(command, actor, cancellationToken).ConfigureAwait(false)],
                BotCommandKind.Postpone => [await PostponeAsync(command, actor, cancellationToken).ConfigureAwait(false)],
                BotCommandKind.Complete => [await CompleteAsync(command, actor, cancellationToken).ConfigureAwait(false)],
                BotCommandKind.Slaves => Slaves(),
                BotCommandKind.Cancel => [await CancelAsync(command, actor, cancellationToken).ConfigureAwait(false)],
                BotCommandKind.Spend => [formatter.Spend(await manager.GetBudgetAsync(cancellationToken).ConfigureAwait(false))],
                _ => [Texts.ErrorUnknownCommand(HtmlText.Escape("/" + command.Name))],
            };
        }
        catch (HumanRequestNotFoundException ex)
        {
            return [Texts.ErrorUnknownId(HtmlText.Escape(ex.RequestId))];
        }
        catch (InvalidTransitionException ex)
        {
            return [RefusedTransition(ex)];
        }
    }

    /// <summary>"req-0001 ya está rechazada" when it is already there (or final), else "no se puede … : está …".</summary>
    public string RefusedTransition(InvalidTransitionException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var id = HtmlText.Escape(error.RequestId);
        var status = Texts.StatusName(error.CurrentStatus);
        var already = HumanRequestTransitions.IsFinal(error.CurrentStatus)
            || (error.Action, error.CurrentStatus) is (HumanRequestAction.Approve, HumanRequestStatus.Approved)
                or (HumanRequestAction.Postpone, HumanRequestStatus.Postponed);
        return already ? Texts.ErrorAlready(id, status) : Texts.ErrorCannot(Texts.ActionVerb(error.Action), id, status);
    }

    private async Task<IReadOnlyList<string>> ListAsync(ParsedCommand command, CancellationToken cancellationToken)
    {
        var word = command.Arguments.Trim();
        HumanRequestStatus? status = HumanRequestStatus.Pending;
        if (word.Length > 0)
        {
            if (!StatusWords.TryParse(word, out status))
            {
                return [Texts.ErrorUnknownStatus(HtmlText.Escape(word))];
            }
        }

        var requests = await manager.ListAsync(new HumanRequestFilter { Status = status }, cancellationToken).ConfigureAwait(false);
        return formatter.List(requests, status);
    }

    private async Task<string> DetailsAsync(ParsedCommand command, CancellationToken cancellationToken)
    {
        if (command.FirstArgument is not { } id)
        {
            return Texts.ErrorMissingId(Texts.UsageRequest);
        }

        var request = await manager.GetAsync(id, cancellationToken).ConfigureAwait(false);
        return formatter.Details(request);
    }

    private async Task<string> ApproveAsync(ParsedCommand command, TelegramActor actor, CancellationToken cancellationToken)
    {
        var (id, note) = command.Split();
        if (id is null)
        {
            return Texts.ErrorMissingId(Texts.UsageApprove);
        }

        var request = await manager.ApproveAsync(id, actor.Id, NullIfEmpty(note), cancellationToken).ConfigureAwait(false);
        Log.DecisionApplied(logger, actor.Id, "approve", request.Id);
        return WithNote(Texts.ConfirmApproved(HtmlText.Escape(request.Id)), note);
    }

    private async Task<string> RejectAsync(ParsedCommand command, TelegramActor actor, CancellationToken cancellationToken)
    {
        var (id, reason) = command.Split();
        if (id is null)
        {
            return Texts.ErrorMissingId(Texts.UsageReject);
        }

        var request = await manager.RejectAsync(id, actor.Id, NullIfEmpty(reason), cancellationToken).ConfigureAwait(false);
        Log.DecisionApplied(logger, actor.Id, "reject", request.Id);
        return WithNote(Texts.ConfirmRejected(HtmlText.Escape(request.Id)), reason);
    }

    private async Task<string> PostponeAsync(ParsedCommand command, TelegramActor actor, CancellationToken cancellationToken)
    {
        var (id, rest) = command.Split();
        if (id is null)
        {
            return Texts.ErrorMissingId(Texts.UsagePostpone);
        }

        var duration = DefaultPostponement;
        var note = rest;
        var (first, afterFirst) = new ParsedCommand(string.Empty, null, rest).Split();
        if (first is not null && ArgumentParsers.LooksLikeDuration(first))
        {
            if (!HumanRequestInput.TryParseDuration(first, out duration))
            {
                return Texts.ErrorBadDuration(HtmlText.Escape(first));
            }

            note = afterFirst;
        }

        // The id is checked before the duration is applied, so an unknown id is reported as such.
        var request = await manager.PostponeAsync(id, duration, actor.Id, NullIfEmpty(note), cancellationToken).ConfigureAwait(false);
        Log.DecisionApplied(logger, actor.Id, "postpone", request.Id);
        var until = TelegramMessageFormatter.Time(request.PostponedUntil ?? DateTimeOffset.MinValue);
        return WithNote(Texts.ConfirmPostponed(HtmlText.Escape(request.Id), until), note);
    }

    private async Task<string> CompleteAsync(ParsedCommand command, TelegramActor actor, CancellationToken cancellationToken)
    {
        var (id, rest) = command.Split();
        if (id is null)
        {
            return Texts.ErrorMissingId(Texts.UsageComplete);
        }

        decimal? cost = null;
        var note = rest;
        var (first, afterFirst) = new ParsedCommand(string.Empty, null, rest).Split();
        if (first is not null && ArgumentParsers.LooksLikeAmount(first))
        {
            if (!HumanRequestInput.TryParseAmount(first, out var amount))
            {
                return Texts.ErrorBadAmount(HtmlText.Escape(first));
            }

            cost = amount;
            note = afterFirst;
        }

        var request = await manager.CompleteAsync(id, cost, actor.Id, NullIfEmpty(note), cancellationToken).ConfigureAwait(false);
        Log.DecisionApplied(logger, actor.Id, "complete", request.Id);
        var costText = request.ActualCost is { } actual ? TelegramMessageFormatter.Money(actual) : null;
        return WithNote(Texts.ConfirmCompleted(HtmlText.Escape(request.Id), costText), note);
    }

    private async Task<string> CancelAsync(ParsedCommand command, TelegramActor actor, CancellationToken cancellationToken)
    {
        var (id, reason) = command.Split();
        if (id is null)
        {
            return Texts.ErrorMissingId(Texts.UsageCancel);
        }

        var request = await manager.CancelAsync(id, actor.Id, NullIfEmpty(reason), cancellationToken).ConfigureAwait(false);
        Log.DecisionApplied(logger, actor.Id, "cancel", request.Id);
        return WithNote(Texts.ConfirmCancelled(HtmlText.Escape(request.Id)), reason);
    }

    // The registry exists only where AddD8Master was called; a bot in another process says so instead of failing.
    private IReadOnlyList<string> Slaves() =>
        services.GetService<ISlaveRegistry>() is { } registry
            ? new SlaveMessageFormatter(Texts).Slaves(registry.GetAll())
            : [Texts.SlavesUnavailable];

    private string WithNote(string confirmation, string? note) =>
        string.IsNullOrWhiteSpace(note) ? confirmation : confirmation + "\n" + Texts.ConfirmNote(Html.EscapeTruncated(note, 1000, "…"));

    private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
