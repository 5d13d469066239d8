using D8.Distributed.Contracts;
using D8.HumanRequests;

namespace D8.Distributed.Cli.Internal;

/// <summary>
/// A human request as the CLI prints it (the names of requests.json), the same from the master API and from the file.
/// </summary>
internal sealed record RequestView(
    string RequestId,
    string RequestType,
    string Title,
    string Description,
    string Status,
    decimal? EstimatedCost,
    decimal? ActualCost,
    int Priority,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset? ApprovedAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset? PostponedUntil,
    string Notes,
    IReadOnlyList<RequestHistoryView> History)
{
    /// <summary>The options the owner chooses from (empty for a yes/no request).</summary>
    public IReadOnlyList<string> Options { get; init; } = [];

    /// <summary>The option chosen with the approval.</summary>
    public string? ChosenOption { get; init; }

    /// <summary>When the request expires, if it does.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    public static RequestView From(HumanRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new RequestView(
            request.Id,
            request.Type.ToWireName(),
            request.Title,
            request.Description,
            request.Status.ToWireName(),
            request.EstimatedCost,
            request.ActualCost,
            request.Priority,
            request.CreatedAt,
            request.CreatedBy,
            request.ApprovedAt,
            request.CompletedAt,
            request.PostponedUntil,
            request.Notes,
            [.. request.History.Select(entry => new RequestHistoryView(entry.At, entry.Actor, entry.Action.ToWireName(), entry.To.ToWireName(), entry.Note))])
        {
            Options = request.Options,
            ChosenOption = request.ChosenOption,
            ExpiresAt = request.ExpiresAt,
        };
    }

    public static RequestView From(HumanRequestResponse request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new RequestView(
            request.RequestId,
            request.RequestType,
            request.Title,
            request.Description,
            request.Status,
            request.EstimatedCost,
            request.ActualCost,
            request.Priority,
            request.CreatedAt,
            request.CreatedBy,
            request.ApprovedAt,
            request.CompletedAt,
            request.PostponedUntil,
            request.Notes,
            [.. request.History.Select(entry => new RequestHistoryView(entry.At, entry.Actor, entry.Action, entry.To, entry.Note))])
        {
            Options = request.Options,
            ChosenOption = request.ChosenOption,
            ExpiresAt = request.ExpiresAt,
        };
    }
}
