using System.Globalization;

namespace D8.HumanRequests.Internal;

/// <summary>Validation and the effect of each action on a request.</summary>
internal sealed partial class HumanRequestManager
{
    /// <summary>Applies an allowed action or throws <see cref="InvalidTransitionException"/>.</summary>
    internal static HumanRequest Apply(HumanRequest request, HumanRequestAction action, string actor, string? note, DateTimeOffset now)
    {
        var target = HumanRequestTransitions.Target(request.Status, action)
            ?? throw new InvalidTransitionException(request.Id, request.Status, action);
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();

        var changed = request with
        {
            Status = target,
            History = [.. request.History, new HumanRequestHistoryEntry(now, actor, action, request.Status, target, note)],
            Notes = AppendNotes(request.Notes, NotesLine(action, actor, note)),
            PostponedUntil = null,
            Notification = target == HumanRequestStatus.Pending ? request.Notification : Decided(request.Notification),
        };

        return action switch
        {
            HumanRequestAction.Approve => changed with { ApprovedAt = now },
            HumanRequestAction.Complete => changed with { CompletedAt = now },
            _ => changed,
        };
    }

    internal static void Validate(NewHumanRequest request)
    {
        if (!Enum.IsDefined(request.Type))
        {
            throw new HumanRequestValidationException(nameof(request.Type), "Type is not a known human request type.");
        }

        if (string.IsNullOrWhiteSpace(request.Title))
        {
            throw new HumanRequestValidationException(nameof(request.Title), "Title is required.");
        }

        if (request.Title.Trim().Length > NewHumanRequest.MaxTitleLength)
        {
            throw new HumanRequestValidationException(nameof(request.Title), $"Title must be at most {NewHumanRequest.MaxTitleLength} characters (got {request.Title.Trim().Length}).");
        }

        if (request.Description is { Length: > NewHumanRequest.MaxDescriptionLength })
        {
            throw new HumanRequestValidationException(nameof(request.Description), $"Description must be at most {NewHumanRequest.MaxDescriptionLength} characters (got {request.Description.Length}).");
        }

        if (request.Priority is < 1 or > 10)
        {
            throw new HumanRequestValidationException(nameof(request.Priority), $"Priority must be between 1 and 10 (got {request.Priority}).");
        }

        if (request.EstimatedCost < 0)
        {
            throw new HumanRequestValidationException(nameof(request.EstimatedCost), string.Create(CultureInfo.InvariantCulture, $"EstimatedCost must be 0 or more (got {request.EstimatedCost})."));
        }

        ValidateOptions(request.Options);
        if (string.IsNullOrWhiteSpace(request.CreatedBy))
        {
            throw new HumanRequestValidationException(nameof(request.CreatedBy), "CreatedBy is required.");
        }
    }

    /// <summary>An expiry must lie in the future when the request is created.</summary>
    internal static void ValidateExpiry(NewHumanRequest request, DateTimeOffset now)
    {
        if (request.ExpiresAt is { } expiresAt && expiresAt <= now)
        {
            throw new HumanRequestValidationException(
                nameof(request.ExpiresAt),
                string.Create(CultureInfo.InvariantCulture, $"ExpiresAt must be in the future (got {expiresAt:O}, now is {now:O})."));
        }
    }

    private static void ValidateOptions(IReadOnlyList<string>? options)
    {
        if (options is null)
        {
            throw new HumanRequestValidationException(nameof(NewHumanRequest.Options), "Options must not be null (leave it empty for a yes/no request).");
        }

        if (options.Count > NewHumanRequest.MaxOptions)
        {
            throw new HumanRequestValidationException(nameof(NewHumanRequest.Options), $"Options may hold at most {NewHumanRequest.MaxOptions} options (got {options.Count}).");
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var option in options)
        {
            var text = option?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                throw new HumanRequestValidationException(nameof(NewHumanRequest.Options), "Options must not contain an empty option.");
            }

            if (text.Length > NewHumanRequest.MaxOptionLength)
            {
                throw new HumanRequestValidationException(nameof(NewHumanRequest.Options), $"Option '{text[..20]}…' is longer than {NewHumanRequest.MaxOptionLength} characters.");
            }

            if (!seen.Add(text))
            {
                throw new HumanRequestValidationException(nameof(NewHumanRequest.Options), $"Option '{text}' appears twice.");
            }
        }
    }

    /// <summary>Records the chosen option (its canonical spelling) and names it in <c>notes</c> for old readers.</summary>
    private static HumanRequest WithChoice(HumanRequest request, string option)
    {
        var chosen = request.Options.FirstOrDefault(o => string.Equals(o, option.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new HumanRequestValidationException(
                "option",
                request.Options.Count == 0
                    ? $"{request.Id} has no options to choose from: approve it instead."
                    : $"'{option.Trim()}' is not an option of {request.Id}: choose one of {string.Join(", ", request.Options)}.");
        return request with { ChosenOption = chosen, Notes = AppendNotes(request.Notes, $"Opción elegida: {chosen}") };
    }

    /// <summary>
    /// Leaving pending queues <see cref="HumanRequestNotificationKind.Decided"/> in the single outbox slot, so every
    /// notifier brings what it sent up to date. It replaces what was there: a "new" or "due again" not delivered yet is
    /// pointless now (it would ask with live buttons) and is dropped, as before; budget alerts not delivered yet go out
    /// with the decision instead of being lost with the slot.
    /// </summary>
    private static HumanRequestNotificationState Decided(HumanRequestNotificationState? previous) => new()
    {
        Kind = HumanRequestNotificationKind.Decided,
        BudgetAlerts = previous is { Notified: false } ? previous.BudgetAlerts : [],
    };

    /// <summary>Whether a queued notification of <paramref name="kind"/> has nothing left to ask once the request is
    /// <paramref name="status"/>: an ask needs a pending request, an expiry reminder one still awaiting a decision.</summary>
    internal static bool IsObsolete(HumanRequestNotificationKind kind, HumanRequestStatus status) => kind switch
    {
        HumanRequestNotificationKind.New or HumanRequestNotificationKind.DueAgain => status != HumanRequestStatus.Pending,
        HumanRequestNotificationKind.ExpiryReminder => !HumanRequestTransitions.IsAwaitingDecision(status),
        _ => false,
    };

    /// <summary>The line the old system appended to <c>notes</c> (e.g. <c>Aprobado por Leo</c>,
    /// <c>Rechazado por Leo: muy caro</c>), kept so old readers of the file still see who decided.</summary>
    private static string? NotesLine(HumanRequestAction action, string actor, string? note)
    {
        var verb = action switch
        {
            HumanRequestAction.Approve => "Aprobado",
            HumanRequestAction.Reject => "Rechazado",
            HumanRequestAction.Postpone => "Pospuesto",
            HumanRequestAction.Complete => "Completado",
            HumanRequestAction.Cancel => "Cancelado",
            _ => null,
        };
        if (verb is null)
        {
            return null;
        }

        var line = string.Create(CultureInfo.InvariantCulture, $"{verb} por {actor}");
        return note is null ? line : $"{line}: {note}";
    }

    private static string AppendNotes(string notes, string? line) =>
        line is null ? notes : string.IsNullOrEmpty(notes) ? line : $"{notes}\n{line}";
}
