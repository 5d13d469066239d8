using System.Globalization;
using System.Text;
using D8.HumanRequests;
using Telegram.Bot.Extensions;
using Telegram.Bot.Types.ReplyMarkups;

namespace D8.Telegram.Internal.Texts;

/// <summary>
/// Builds the bot's HTML messages from human requests. Every user-supplied text (title, description, creator, notes,
/// actors) is escaped, and every message stays within Telegram's 4096-character limit.
/// </summary>
internal sealed class TelegramMessageFormatter(TelegramTexts texts)
{
    /// <summary>Telegram's limit for one message.</summary>
    public const int MaxMessageLength = 4096;

    /// <summary>Telegram's limit for a button's callback data, in UTF-8 bytes.</summary>
    public const int MaxCallbackDataBytes = 64;

    private const int MaxHistoryLines = 10;

    public TelegramTexts Texts => texts;

    public static string TypeIcon(HumanRequestType type) => type switch
    {
        HumanRequestType.Payment => "💳",
        HumanRequestType.DesignDecision => "🎨",
        HumanRequestType.ApiAccount => "🔑",
        HumanRequestType.ContentApproval => "📝",
        HumanRequestType.StrategicDecision => "🎯",
        _ => "❓",
    };

    public static string PriorityIcon(int priority) => priority switch
    {
        >= 8 => "🔴",
        >= 5 => "🟡",
        _ => "🟢",
    };

    public static string Money(decimal amount) => "$" + amount.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public string PriorityLabel(int priority) => priority switch
    {
        >= 8 => texts.PriorityHigh,
        >= 5 => texts.PriorityMedium,
        _ => texts.PriorityLow,
    };

    /// <summary>The notification of a request; a keyboard only when the owner must decide.</summary>
    public (string Html, InlineKeyboardMarkup? Keyboard) Notification(HumanRequestNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var request = notification.Request;
        if (notification.Kind is HumanRequestNotificationKind.BudgetAlert or HumanRequestNotificationKind.Decided)
        {
            return Alerts(notification);
        }

        if (notification.Kind == HumanRequestNotificationKind.AutoApproved)
        {
            var approver = request.History.LastOrDefault(h => h.Action == HumanRequestAction.Approve)?.Actor;
            var extra = approver is null ? string.Empty : $"{texts.LabelApprovedBy}: {HtmlText.Escape(approver)}\n";
            var alerts = notification.BudgetAlerts.Count == 0 ? string.Empty : "\n\n" + Alerts(notification.BudgetAlerts);
            return (Compose(request, texts.HeaderAutoApproved, extra, "\n" + texts.HintsApproved(HtmlText.Escape(request.Id))) + alerts, null);
        }

        var header = notification.Kind switch
        {
            HumanRequestNotificationKind.DueAgain => texts.HeaderDueAgain,
            HumanRequestNotificationKind.ExpiryReminder => texts.HeaderExpiryReminder(TimeLeft(request)),
            _ => texts.HeaderNew,
        };
        return (Compose(request, header, OptionsLines(request), "\n" + texts.HintsPending(HtmlText.Escape(request.Id))), Keyboard(request));
    }

    /// <summary>The budget alerts of a notification, naming the request that reached them; no buttons.</summary>
    public (string Html, InlineKeyboardMarkup? Keyboard) Alerts(HumanRequestNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var request = notification.Request;
        return (Alerts(notification.BudgetAlerts) + "\n" + texts.BudgetAlertWith(HtmlText.Escape(request.Id), Html.EscapeTruncated(request.Title, 200, "…")), null);
    }

    /// <summary>The reply to <c>/gastos</c>: this month's budgets, then nothing more (the dashboard has the history).</summary>
    public string Spend(HumanRequestBudget budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        var month = budget.CurrentMonth.Count > 0 ? MonthName(budget.CurrentMonth[0].Year, budget.CurrentMonth[0].Month) : string.Empty;
        var text = new StringBuilder(texts.SpendHeader(month));
        foreach (var line in budget.CurrentMonth)
        {
            var name = line.Type is { } type ? texts.TypeName(type) : texts.SpendOverall;
            text.Append('\n').Append(texts.SpendLine(
                name,
                Money(line.Spent),
                line.Limit is { } limit ? Money(limit) : null,
                line.Percent is { } percent ? percent.ToString("0.#", CultureInfo.InvariantCulture) + " %" : null,
                line.Remaining is { } left ? Money(left) : null));
        }

        if (budget.MonthlyLimit is null && budget.TypeLimits.Count == 0)
        {
            text.Append("\n\n").Append(texts.SpendNoBudgets);
        }

        return text.ToString();
    }

    private string Alerts(IEnumerable<HumanRequestBudgetAlert> alerts) => string.Join("\n", alerts.Select(alert => texts.BudgetAlert(
        alert.Type is { } type ? texts.TypeName(type) : texts.SpendOverall,
        alert.Percent,
        MonthName(alert.Year, alert.Month),
        Money(alert.Spent),
        Money(alert.Limit))));

    private static string MonthName(int year, int month) => string.Create(CultureInfo.InvariantCulture, $"{year:D4}-{month:D2}");

    /// <summary>A request's message once it left pending (at the button press, or edited by the outbox when decided
    /// anywhere else): the request, then the decision (status, who, when or until when, the note given), no buttons.
    /// Depends only on the request and <paramref name="who"/>, so every chat and every edit shows the same text.</summary>
    public string Decided(HumanRequest request, string who)
    {
        ArgumentNullException.ThrowIfNull(request);
        var whoHtml = HtmlText.Escape(who);
        var when = Time(LastChange(request));
        var footer = request.Status switch
        {
            HumanRequestStatus.Approved => texts.DecidedApproved(whoHtml, when),
            HumanRequestStatus.Rejected => texts.DecidedRejected(whoHtml, when),
            HumanRequestStatus.Postponed => texts.DecidedPostponed(whoHtml, Time(request.PostponedUntil ?? LastChange(request))),
            HumanRequestStatus.Cancelled => texts.DecidedCancelled(whoHtml, when),
            HumanRequestStatus.Completed => texts.DecidedCompleted(whoHtml, when),
            _ => $"{texts.LabelStatus}: {texts.StatusName(request.Status)}",
        };
        var note = request.History.Count > 0 && request.History[^1].Note is { Length: > 0 } text
            ? "\n" + texts.ConfirmNote(Html.EscapeTruncated(text, 500, "…"))
            : string.Empty;
        var hints = request.Status == HumanRequestStatus.Approved ? "\n" + texts.HintsApproved(HtmlText.Escape(request.Id)) : string.Empty;
        return Compose(request, texts.HeaderNew, OptionsLines(request), "\n" + footer + note + hints);
    }

    /// <summary>The reply to <c>/solicitud &lt;id&gt;</c>.</summary>
    public string Details(HumanRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var extra = new StringBuilder(OptionsLines(request));
        extra.Append(CultureInfo.InvariantCulture, $"{texts.LabelStatus}: <b>{texts.StatusName(request.Status)}</b>\n");
        extra.Append(CultureInfo.InvariantCulture, $"{texts.LabelCreatedAt}: {Time(request.CreatedAt)}\n");
        if (request.PostponedUntil is { } until && request.Status == HumanRequestStatus.Postponed)
        {
            extra.Append(CultureInfo.InvariantCulture, $"{texts.LabelPostponedUntil}: {Time(until)}\n");
        }

        if (request.ActualCost is { } actual)
        {
            extra.Append(CultureInfo.InvariantCulture, $"{texts.LabelActualCost}: {Money(actual)}\n");
        }

        if (!string.IsNullOrWhiteSpace(request.Notes))
        {
            extra.Append(CultureInfo.InvariantCulture, $"{texts.LabelNotes}: {Html.EscapeTruncated(request.Notes.Trim(), 600, texts.Truncated)}\n");
        }

        if (request.History.Count > 0)
        {
            extra.Append(CultureInfo.InvariantCulture, $"\n<b>{texts.LabelHistory}</b>\n");
            foreach (var entry in request.History.TakeLast(MaxHistoryLines))
            {
                var note = string.IsNullOrWhiteSpace(entry.Note) ? string.Empty : " · " + Html.EscapeTruncated(entry.Note, 120, "…");
                extra.Append(CultureInfo.InvariantCulture, $"• {Time(entry.At)} · {Html.EscapeTruncated(entry.Actor, 60, "…")} · {entry.Action.ToWireName()}{note}\n");
            }
        }

        var hints = request.Status switch
        {
            HumanRequestStatus.Pending or HumanRequestStatus.Postponed => "\n" + texts.HintsPending(HtmlText.Escape(request.Id)),
            HumanRequestStatus.Approved => "\n" + texts.HintsApproved(HtmlText.Escape(request.Id)),
            _ => string.Empty,
        };
        return Compose(request, texts.HeaderDetails, extra.ToString(), hints);
    }

    /// <summary>The reply to <c>/solicitudes</c>: one or more messages, each within the limit.</summary>
    public IReadOnlyList<string> List(IReadOnlyList<HumanRequest> requests, HumanRequestStatus? status)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.Count == 0)
        {
            return [texts.ListEmpty(status)];
        }

        // Room is kept below the limit for safety; each line is short (titles are at most 200 characters).
        const int budget = MaxMessageLength - 96;
        var messages = new List<string>();
        var current = new StringBuilder(texts.ListHeader(status, requests.Count)).Append('\n');
        foreach (var request in requests)
        {
            var cost = request.EstimatedCost is { } c ? " · " + Money(c) : string.Empty;
            var state = status is null ? " · " + texts.StatusName(request.Status) : string.Empty;
            var line = $"\n{TypeIcon(request.Type)} <code>{HtmlText.Escape(request.Id)}</code> {PriorityIcon(request.Priority)} <b>{Html.EscapeTruncated(request.Title, 1000, "…")}</b>{cost}{state}";
            if (current.Length + line.Length > budget)
            {
                messages.Add(current.ToString());
                current = new StringBuilder(texts.ListContinued).Append('\n');
            }

            current.Append(line);
        }

        messages.Add(current.ToString());
        return messages;
    }

    /// <summary>The decision buttons of <paramref name="request"/>: one per option (then reject and postpone) when it
    /// offers options, else approve, reject and postpone.</summary>
    public InlineKeyboardMarkup? Keyboard(HumanRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Options.Count == 0)
        {
            return Keyboard(request.Id);
        }

        var reject = CallbackData.Format(CallbackAction.Reject, request.Id);
        var postpone = CallbackData.Format(CallbackAction.Postpone, request.Id);
        var choices = request.Options.Select((option, i) => (option, data: CallbackData.FormatChoice(request.Id, i))).ToList();
        if (choices.Select(c => c.data).Append(reject).Append(postpone).Any(d => Encoding.UTF8.GetByteCount(d) > MaxCallbackDataBytes))
        {
            return null;
        }

        // Options in rows of up to three, then the row of reject and postpone.
        var rows = choices.Chunk(3)
            .Select(chunk => chunk.Select(c => InlineKeyboardButton.WithCallbackData(texts.ButtonChoose(c.option), c.data)).ToArray())
            .Append([InlineKeyboardButton.WithCallbackData(texts.ButtonReject, reject), InlineKeyboardButton.WithCallbackData(texts.ButtonPostpone, postpone)]);
        return new InlineKeyboardMarkup(rows);
    }

    /// <summary>The three decision buttons, or null when an id is too long for callback data.</summary>
    public InlineKeyboardMarkup? Keyboard(string requestId)
    {
        var approve = CallbackData.Format(CallbackAction.Approve, requestId);
        var reject = CallbackData.Format(CallbackAction.Reject, requestId);
        var postpone = CallbackData.Format(CallbackAction.Postpone, requestId);
        if (new[] { approve, reject, postpone }.Any(d => Encoding.UTF8.GetByteCount(d) > MaxCallbackDataBytes))
        {
            return null;
        }

        return new InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton.WithCallbackData(texts.ButtonApprove, approve),
                InlineKeyboardButton.WithCallbackData(texts.ButtonReject, reject),
                InlineKeyboardButton.WithCallbackData(texts.ButtonPostpone, postpone),
            ],
        ]);
    }

    private string OptionsLines(HumanRequest request) =>
        (request.Options.Count == 0 ? string.Empty : $"{texts.LabelOptions}: {string.Join(" · ", request.Options.Select(o => HtmlText.Escape(o)))}\n")
        + (request.ChosenOption is { } chosen ? $"{texts.LabelChosenOption}: <b>{HtmlText.Escape(chosen)}</b>\n" : string.Empty);

    /// <summary>The time left when the expiry reminder was queued (<see cref="HumanRequest.ExpiryRemindedAt"/>), so the
    /// text needs no clock; whole units, rounded down: <c>45 s</c>, <c>10 min</c>, <c>1 h 30 min</c>, <c>2 d 3 h</c>. The
    /// absolute time is on the message's expiry line.</summary>
    public static string TimeLeft(HumanRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var left = request.ExpiresAt is { } at ? at - (request.ExpiryRemindedAt ?? at) : TimeSpan.Zero;
        if (left < TimeSpan.FromMinutes(1))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, (int)left.TotalSeconds)} s");
        }

        return left switch
        {
            { TotalHours: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{(int)left.TotalMinutes} min"),
            { TotalDays: < 1 } => left.Minutes == 0
                ? string.Create(CultureInfo.InvariantCulture, $"{(int)left.TotalHours} h")
                : string.Create(CultureInfo.InvariantCulture, $"{(int)left.TotalHours} h {left.Minutes} min"),
            _ => left.Hours == 0
                ? string.Create(CultureInfo.InvariantCulture, $"{(int)left.TotalDays} d")
                : string.Create(CultureInfo.InvariantCulture, $"{(int)left.TotalDays} d {left.Hours} h"),
        };
    }

    private static DateTimeOffset LastChange(HumanRequest request) =>
        request.History.Count > 0 ? request.History[^1].At : request.ApprovedAt ?? request.CreatedAt;

    // Header, title, description (cut to what is left of the limit), the common fields, then extra lines and a tail.
    private string Compose(HumanRequest request, string header, string extra, string tail)
    {
        var top = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{TypeIcon(request.Type)} <b>{header}</b> · {texts.TypeName(request.Type)}\n\n")
            .Append(CultureInfo.InvariantCulture, $"<b>{Html.EscapeTruncated(request.Title, 1000, "…")}</b>\n")
            .ToString();
        var fields = new StringBuilder("\n")
            .Append(CultureInfo.InvariantCulture, $"{texts.LabelPriority}: {PriorityLabel(request.Priority)} ({request.Priority}/10)\n")
            .Append(CultureInfo.InvariantCulture, $"{texts.LabelCreatedBy}: {Html.EscapeTruncated(request.CreatedBy, 100, "…")}\n");
        if (request.EstimatedCost is { } cost)
        {
            fields.Append(CultureInfo.InvariantCulture, $"{texts.LabelEstimatedCost}: {Money(cost)}\n");
        }

        if (request.ExpiresAt is { } expiresAt && HumanRequestTransitions.IsAwaitingDecision(request.Status))
        {
            fields.Append(CultureInfo.InvariantCulture, $"{texts.LabelExpiresAt}: {Time(expiresAt)}\n");
        }

        fields.Append(CultureInfo.InvariantCulture, $"ID: <code>{HtmlText.Escape(request.Id)}</code>\n").Append(extra);
        var rest = fields.ToString() + tail;
        var room = MaxMessageLength - top.Length - rest.Length - 1;
        var description = string.IsNullOrWhiteSpace(request.Description)
            ? string.Empty
            : Html.EscapeTruncated(request.Description.Trim(), Math.Max(0, room), texts.Truncated) + "\n";
        return (top + description + rest).TrimEnd();
    }
}
