namespace D8.HumanRequests;

/// <summary>The input of <see cref="IHumanRequestManager.CreateAsync"/>.</summary>
/// <remarks>Validated on create: <see cref="Title"/> required and at most 200 characters, <see cref="Description"/>
/// at most 4,000 characters, <see cref="Priority"/> 1–10, <see cref="EstimatedCost"/> ≥ 0, <see cref="CreatedBy"/>
/// required, <see cref="ExpiresAt"/> (when set) in the future.</remarks>
public sealed record NewHumanRequest
{
    /// <summary>Longest allowed title.</summary>
    public const int MaxTitleLength = 200;

    /// <summary>Longest allowed description (keeps a request within one Telegram message).</summary>
    public const int MaxDescriptionLength = 4000;

    /// <summary>What is asked for.</summary>
    public required HumanRequestType Type { get; init; }

    /// <summary>A short title (required, at most <see cref="MaxTitleLength"/> characters).</summary>
    public required string Title { get; init; }

    /// <summary>Details (at most <see cref="MaxDescriptionLength"/> characters).</summary>
    public string Description { get; init; } = string.Empty;

    /// <summary>The expected cost, if any (≥ 0).</summary>
    public decimal? EstimatedCost { get; init; }

    /// <summary>1 (lowest) to 10 (highest); default 5.</summary>
    public int Priority { get; init; } = 5;

    /// <summary>Who asks, e.g. <c>NicheDiscovery</c> (required; recorded as the actor of the creation).</summary>
    public required string CreatedBy { get; init; }

    /// <summary>Longest allowed option text (keeps a Telegram button readable).</summary>
    public const int MaxOptionLength = 64;

    /// <summary>Most options a request may offer.</summary>
    public const int MaxOptions = 10;

    /// <summary>Options to choose from, e.g. designs <c>A</c>, <c>B</c>, <c>C</c>: the owner approves one of them
    /// (<see cref="IHumanRequestManager.ChooseAsync"/>). At most <see cref="MaxOptions"/>, each non-empty, at most
    /// <see cref="MaxOptionLength"/> characters, no two the same (case-insensitive). Empty (default) for a yes/no request.</summary>
    public IReadOnlyList<string> Options { get; init; } = [];

    /// <summary>An optional note recorded in the history with the creation.</summary>
    public string? Note { get; init; }

    /// <summary>When the request expires, if it should (must be in the future at create): a reminder goes out
    /// <see cref="D8HumanRequestsOptions.ExpiryReminderLeadTime"/> before it, and a request still undecided then is
    /// cancelled with the note <c>expired</c>. <see langword="null"/> (default): it never expires.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }
}
