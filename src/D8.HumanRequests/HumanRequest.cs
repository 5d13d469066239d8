using System.Text.Json;

namespace D8.HumanRequests;

/// <summary>
/// A request from automation to the owner: pay for something, choose a design, open an API account, approve content,
/// take a strategic decision. Instances are immutable snapshots; every change made through
/// <see cref="IHumanRequestManager"/> returns a new one.
/// </summary>
/// <remarks>
/// The first properties mirror the fields of the old Python file format one to one (<c>request_id</c>,
/// <c>request_type</c>, <c>title</c>, …, <c>notes</c>); <see cref="History"/>, <see cref="PostponedUntil"/> and
/// <see cref="Notification"/> are this library's additions.
/// </remarks>
public sealed record HumanRequest
{
    /// <summary>The id, <c>req-0001</c>, <c>req-0002</c>, … from a persisted counter; never reused (<c>request_id</c>).</summary>
    public required string Id { get; init; }

    /// <summary>What is asked for (<c>request_type</c>).</summary>
    public required HumanRequestType Type { get; init; }

    /// <summary>A short title, at most 200 characters (<c>title</c>).</summary>
    public required string Title { get; init; }

    /// <summary>Free text with the details; may be empty (<c>description</c>).</summary>
    public string Description { get; init; } = string.Empty;

    /// <summary>The expected cost, when there is one (<c>estimated_cost</c>).</summary>
    public decimal? EstimatedCost { get; init; }

    /// <summary>1 (lowest) to 10 (highest) (<c>priority</c>).</summary>
    public int Priority { get; init; } = 5;

    /// <summary>When the request was created (<c>created_at</c>).</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Who created it, e.g. <c>NicheDiscovery</c> (<c>created_by</c>).</summary>
    public required string CreatedBy { get; init; }

    /// <summary>The current status (<c>status</c>).</summary>
    public HumanRequestStatus Status { get; init; } = HumanRequestStatus.Pending;

    /// <summary>When it was approved, if it was (<c>approved_at</c>).</summary>
    public DateTimeOffset? ApprovedAt { get; init; }

    /// <summary>When it was completed, if it was (<c>completed_at</c>).</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>What it really cost, given on completion (<c>actual_cost</c>).</summary>
    public decimal? ActualCost { get; init; }

    /// <summary>
    /// Free-text notes, one line per decision as the old system wrote them, e.g.
    /// <c>Aprobado por Leo</c> / <c>Completado por Leo: Comprado en Namecheap con PayPal</c> (<c>notes</c>).
    /// </summary>
    public string Notes { get; init; } = string.Empty;

    /// <summary>Every change with who made it, when, and the note given; oldest first (<c>history</c>). Empty for
    /// requests written by the old system.</summary>
    public IReadOnlyList<HumanRequestHistoryEntry> History { get; init; } = [];

    /// <summary>While <see cref="HumanRequestStatus.Postponed"/>: when it returns to pending (<c>postponed_until</c>).</summary>
    public DateTimeOffset? PostponedUntil { get; init; }

    /// <summary>The state of the last notification of this request to the registered notifiers, or
    /// <see langword="null"/> when none was ever queued (e.g. requests from the old system) (<c>notification</c>).</summary>
    public HumanRequestNotificationState? Notification { get; init; }

    /// <summary>The options the owner chooses from, e.g. designs <c>A</c>, <c>B</c>, <c>C</c> (<c>options</c>); empty for a
    /// plain yes/no request.</summary>
    public IReadOnlyList<string> Options { get; init; } = [];

    /// <summary>The option chosen with the approval (<see cref="IHumanRequestManager.ChooseAsync"/>), one of
    /// <see cref="Options"/> (<c>chosen_option</c>); <see langword="null"/> when none was chosen.</summary>
    public string? ChosenOption { get; init; }

    /// <summary>The budget alerts this request raised when its approval or completion brought a budget to 80 % or
    /// 100 % in a month (<c>budget_alerts</c>); the durable record that each alert goes out once.</summary>
    public IReadOnlyList<HumanRequestBudgetAlert> BudgetAlerts { get; init; } = [];

    /// <summary>When the request expires (<c>expires_at</c>): a request still pending or postponed then is cancelled by
    /// <c>system:expiry</c> with the note <c>expired</c>, and its waiters are told. <see langword="null"/> (default):
    /// it never expires.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>When the expiry reminder (<see cref="HumanRequestNotificationKind.ExpiryReminder"/>) was queued
    /// (<c>expiry_reminded_at</c>); the durable record that it goes out once, also across restarts.</summary>
    public DateTimeOffset? ExpiryRemindedAt { get; init; }

    /// <summary>The messages the notifiers sent about this request and may edit later, e.g. one per Telegram chat
    /// (<c>sent_messages</c>); recorded through <see cref="IHumanRequestSentMessages"/>. Empty for requests written by
    /// the old system.</summary>
    public IReadOnlyList<HumanRequestSentMessage> SentMessages { get; init; } = [];

    /// <summary>Unknown JSON members read from the file, written back unchanged so nothing another tool added is lost.</summary>
    internal IReadOnlyDictionary<string, JsonElement>? ExtensionData { get; init; }
}
