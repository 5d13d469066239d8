using D8.Distributed.Core;
using D8.HumanRequests;

namespace D8.Telegram.Internal.Texts;

internal sealed partial class TelegramTexts
{
    /// <summary>Selected with <c>Language = "en"</c>.</summary>
    public static TelegramTexts English { get; } = new()
    {
        Code = "en",
        TypeName = type => type switch
        {
            HumanRequestType.Payment => "Payment",
            HumanRequestType.DesignDecision => "Design",
            HumanRequestType.ApiAccount => "API account",
            HumanRequestType.ContentApproval => "Content",
            HumanRequestType.StrategicDecision => "Strategy",
            _ => "Other",
        },
        StatusName = EnglishStatus,
        PriorityHigh = "🔴 HIGH",
        PriorityMedium = "🟡 MEDIUM",
        PriorityLow = "🟢 LOW",
        HeaderNew = "New request",
        HeaderDueAgain = "Request due again",
        HeaderAutoApproved = "Approved automatically (for your information)",
        HeaderDetails = "Request",
        LabelPriority = "Priority",
        LabelCreatedBy = "Created by",
        LabelEstimatedCost = "Estimated cost",
        LabelActualCost = "Actual cost",
        LabelStatus = "Status",
        LabelPostponedUntil = "Postponed until",
        LabelCreatedAt = "Created at",
        LabelNotes = "Notes",
        LabelHistory = "History",
        LabelApprovedBy = "Approved by",
        Truncated = "… (truncated)",
        HintsPending = id => $"/approve {id} [note]\n/reject {id} [reason]\n/postpone {id} [30m|2h|1d] [note]",
        HintsApproved = id => $"/complete {id} [$12.99] [note]",
        ButtonApprove = "✅ Approve",
        ButtonChoose = option => "✅ " + option,
        LabelOptions = "Options",
        LabelChosenOption = "Chosen option",
        CallbackChosen = option => $"✅ Approved with option {option}",
        ButtonReject = "❌ Reject",
        ButtonPostpone = "⏰ Postpone",
        DecidedApproved = (who, when) => $"✅ <b>Approved</b> by {who} · {when}",
        DecidedRejected = (who, when) => $"❌ <b>Rejected</b> by {who} · {when}",
        DecidedPostponed = (who, until) => $"⏰ <b>Postponed</b> by {who} until {until}",
        ConfirmApproved = id => $"✅ Request <code>{id}</code> approved.",
        ConfirmRejected = id => $"❌ Request <code>{id}</code> rejected.",
        ConfirmPostponed = (id, until) => $"⏰ Request <code>{id}</code> postponed until {until}.",
        ConfirmCompleted = (id, cost) => cost is null
            ? $"🏁 Request <code>{id}</code> completed."
            : $"🏁 Request <code>{id}</code> completed. Actual cost: {cost}.",
        ConfirmNote = note => $"📝 Note: {note}",
        CallbackApproved = "✅ Approved",
        CallbackRejected = "❌ Rejected",
        CallbackPostponed = "⏰ Postponed for 1 day",
        ErrorUnknownId = id => $"❓ There is no request <code>{id}</code>. Use /requests to see the pending ones.",
        ErrorMissingId = usage => $"⚠️ The request id is missing. Usage: {usage}",
        ErrorAlready = (id, status) => $"⚠️ <code>{id}</code> is already {status}.",
        ErrorCannot = (verb, id, status) => $"⚠️ Cannot {verb} <code>{id}</code>: it is {status}.",
        ActionVerb = action => action switch
        {
            HumanRequestAction.Approve => "approve",
            HumanRequestAction.Reject => "reject",
            HumanRequestAction.Postpone => "postpone",
            HumanRequestAction.Complete => "complete",
            HumanRequestAction.Cancel => "cancel",
            _ => "change",
        },
        ErrorBadDuration = value => $"⚠️ I don't understand the duration \"{value}\". Use for example 30m, 2h or 1d (at most 365d).",
        ErrorBadAmount = value => $"⚠️ I don't understand the amount \"{value}\". Use for example $12.99.",
        ErrorUnknownStatus = value => $"⚠️ Unknown status \"{value}\". Use: pending, approved, rejected, postponed, completed, cancelled or all.",
        ErrorUnknownCommand = command => $"❓ Unknown command: {command}. Use /help to see the commands.",
        ErrorNotACommand = "Type /help to see the commands.",
        ErrorHandlerFailed = error => $"⚠️ Error while handling the message: {error}",
        Unauthorized = "⛔ You are not authorised to use this bot.",
        CallbackExpired = "This request no longer exists.",
        ListHeader = (status, count) => status is null
            ? $"📋 <b>All requests</b> ({count}):"
            : $"📋 <b>{Capitalize(EnglishStatus(status.Value))} requests</b> ({count}):",
        ListEmpty = status => status is null ? "📭 No requests." : $"📭 No {EnglishStatus(status.Value)} requests.",
        ListContinued = "(continued)",
        Help = """
            🤖 <b>Commands</b>

            /requests [status] — lists the pending ones (or: approved, rejected, postponed, completed, cancelled, all)
            /request &lt;id&gt; — details of a request
            /approve &lt;id&gt; [note]
            /reject &lt;id&gt; [reason]
            /postpone &lt;id&gt; [30m|2h|1d] [note] — 1 day by default
            /complete &lt;id&gt; [$12.99] [note]
            /cancel &lt;id&gt; [reason] — withdraws a pending, postponed or approved request
            /spend — this month's spend against the budgets
            /slaves — status of the slaves
            /help — this help

            Spanish names work too: /solicitudes, /solicitud, /aprobar, /rechazar, /posponer, /completar, /cancelar, /gastos, /ayuda.
            """,
        UsageRequest = "/request &lt;id&gt;",
        UsageApprove = "/approve &lt;id&gt; [note]",
        UsageReject = "/reject &lt;id&gt; [reason]",
        UsagePostpone = "/postpone &lt;id&gt; [30m|2h|1d] [note]",
        UsageComplete = "/complete &lt;id&gt; [$12.99] [note]",
        SlaveStatusName = status => status switch
        {
            SlaveStatus.Healthy => "healthy",
            SlaveStatus.VersionMismatch => "version mismatch",
            SlaveStatus.Unhealthy => "down",
            SlaveStatus.Draining => "draining",
            _ => "not checked yet",
        },
        SlavesHeader = count => $"🖥️ <b>Slaves</b> ({count}):",
        SlavesEmpty = "🖥️ No slaves are registered.",
        SlavesUnavailable = "🖥️ This process has no slave registry (the master is not configured here).",
        LabelCommit = "commit",
        LabelLastContact = "last contact",
        LabelError = "error",
        LabelDetail = "detail",
        Never = "never",
        EventDown = "Slave down",
        EventRecovered = "Slave recovered",
        SpendHeader = month => $"💰 <b>Spend in {month}</b>",
        SpendOverall = "Overall",
        SpendLine = (name, spent, limit, percent, left) => limit is null
            ? $"• <b>{name}</b>: {spent}"
            : $"• <b>{name}</b>: {spent} of {limit} ({percent}) — {left} left",
        SpendNoBudgets = "No budget is configured (D8:HumanRequests:Budgets).",
        BudgetAlert = (name, percent, month, spent, limit) => percent >= 100
            ? $"🚨 <b>Budget used up</b>: {name} at {percent} % in {month} ({spent} of {limit}). Rules no longer approve on their own."
            : $"⚠️ <b>Budget at {percent} %</b>: {name} in {month} ({spent} of {limit}).",
        DecidedCancelled = (who, when) => $"🚫 <b>Cancelled</b> by {who} · {when}",
        DecidedCompleted = (who, when) => $"🏁 <b>Completed</b> by {who} · {when}",
        ConfirmCancelled = id => $"🚫 Request <code>{id}</code> cancelled.",
        UsageCancel = "/cancel &lt;id&gt; [reason]",
        BudgetAlertWith = (id, title) => $"With {id}: {title}",
        EventVersionMismatch = "Slave on another version",
        HeaderExpiryReminder = left => $"⏰ Expires in {left}",
        LabelExpiresAt = "Expires",
    };

    private static string EnglishStatus(HumanRequestStatus status) => status switch
    {
        HumanRequestStatus.Pending => "pending",
        HumanRequestStatus.Approved => "approved",
        HumanRequestStatus.Rejected => "rejected",
        HumanRequestStatus.Postponed => "postponed",
        HumanRequestStatus.Completed => "completed",
        _ => "cancelled",
    };

    private static string Capitalize(string word) => string.Concat(word[..1].ToUpperInvariant(), word.AsSpan(1));
}
