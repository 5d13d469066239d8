using System.Globalization;
using D8.Distributed.Contracts;
using D8.HumanRequests;
using D8.Shared.MasterApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace D8.Dashboard.Internal;

/// <summary>
/// <c>/api/v1/requests</c>: human requests through <see cref="IHumanRequestManager"/>, durations and amounts read by
/// <see cref="HumanRequestInput"/>, the one grammar the CLI, the bot and the dashboard use too.
/// </summary>
internal static class RequestEndpoints
{
    /// <summary>The actor recorded in the history of decisions taken through the API.</summary>
    public const string Actor = "api";

    public const string DefaultPostpone = "1d";

    private const int MaxNoteLength = 4000;

    private const int DefaultAlerts = OwnerAlertList.DefaultLimit;

    private const int MaxAlerts = OwnerAlertList.MaxLimit;

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/budget", (HttpContext http, CancellationToken ct) => BudgetAsync(http, ct));
        api.MapGet("/alerts", (HttpContext http, CancellationToken ct) => AlertsAsync(http, ct));
        api.MapGet("/requests", (HttpContext http, CancellationToken ct) => ListAsync(http, ct));
        api.MapPost("/requests", (HttpContext http, CancellationToken ct) => CreateAsync(http, ct));
        api.MapGet("/requests/{id}", (HttpContext http, string id, CancellationToken ct) => GetAsync(http, id, ct));
        api.MapPost("/requests/{id}/{action}", (HttpContext http, string id, string action, CancellationToken ct) => DecideAsync(http, id, action, ct));
    }

    private static async Task<IResult> BudgetAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var budget = await Manager(http).GetBudgetAsync(cancellationToken).ConfigureAwait(false);
        return ApiResults.Json(ApiMapping.ToResponse(budget), D8MasterApiJsonContext.Default.BudgetResponse);
    }

    private static async Task<IResult> AlertsAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var limit = DefaultAlerts;
        if (TaskEndpoints.Single(http.Request.Query, "limit") is { } text
            && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxAlerts))
        {
            throw ApiException.BadRequest($"'limit': must be a whole number from 1 to {MaxAlerts} (got '{text}').");
        }

        var alerts = await OwnerAlertList.StoreOf(http.RequestServices).GetAlertsAsync(cancellationToken).ConfigureAwait(false);
        return ApiResults.Json(OwnerAlertResponses.Newest(alerts, limit), D8MasterApiJsonContext.Default.IReadOnlyListOwnerAlertResponse);
    }

    private static async Task<IResult> ListAsync(HttpContext http, CancellationToken cancellationToken)
    {
        HumanRequestFilter? filter = null;
        if (TaskEndpoints.Single(http.Request.Query, "status") is { } text)
        {
            if (!HumanRequestNames.TryParseStatus(text, out var status))
            {
                throw ApiException.BadRequest($"'status': unknown request status '{text}' (use {string.Join(", ", Enum.GetValues<HumanRequestStatus>().Select(s => s.ToWireName()))}).");
            }

            filter = new HumanRequestFilter { Status = status };
        }

        var requests = await Manager(http).ListAsync(filter, cancellationToken).ConfigureAwait(false);
        return ApiResults.Json(ApiMapping.ToResponse(requests), D8MasterApiJsonContext.Default.IReadOnlyListHumanRequestResponse);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var body = await ApiBody.ReadAsync(http.Request, D8MasterApiJsonContext.Default.HumanRequestCreateRequest, static () => new HumanRequestCreateRequest(), cancellationToken).ConfigureAwait(false);
        var created = await Manager(http).CreateAsync(ToNewRequest(body), cancellationToken).ConfigureAwait(false);
        http.Response.Headers.Location = $"{http.Request.PathBase}{MasterApiRoutes.Prefix}/requests/{Uri.EscapeDataString(created.Id)}";
        return ApiResults.Json(ApiMapping.ToResponse(created), D8MasterApiJsonContext.Default.HumanRequestResponse, StatusCodes.Status201Created);
    }

    private static async Task<IResult> GetAsync(HttpContext http, string id, CancellationToken cancellationToken)
    {
        var request = await Manager(http).GetAsync(id, cancellationToken).ConfigureAwait(false);
        return ApiResults.Json(ApiMapping.ToResponse(request), D8MasterApiJsonContext.Default.HumanRequestResponse);
    }

    private static async Task<IResult> DecideAsync(HttpContext http, string id, string actionName, CancellationToken cancellationToken)
    {
        HumanRequestAction? parsed = HumanRequestNames.TryParseAction(actionName, out var known) ? known : null;
        if (parsed is not (HumanRequestAction.Approve or HumanRequestAction.Reject or HumanRequestAction.Postpone or HumanRequestAction.Complete or HumanRequestAction.Cancel))
        {
            throw ApiException.NotFound($"No request action '{actionName}': use approve, reject, postpone, complete or cancel.");
        }

        var action = parsed.Value;
        var body = await ApiBody.ReadAsync(http.Request, D8MasterApiJsonContext.Default.HumanRequestDecisionRequest, static () => new HumanRequestDecisionRequest(), cancellationToken).ConfigureAwait(false);
        NotFor(body.For is not null && action != HumanRequestAction.Postpone, "for", "postpone");
        NotFor(body.ActualCost is not null && action != HumanRequestAction.Complete, "actual_cost", "complete");
        NotFor(body.Option is not null && action != HumanRequestAction.Approve, "option", "approve");
        var note = Text(body.Note, "note", MaxNoteLength);
        var manager = Manager(http);
        var decided = action switch
        {
            HumanRequestAction.Approve when body.Option is { } option => await manager.ChooseAsync(id, option, Actor, note, cancellationToken).ConfigureAwait(false),
            HumanRequestAction.Approve => await manager.ApproveAsync(id, Actor, note, cancellationToken).ConfigureAwait(false),
            HumanRequestAction.Reject => await manager.RejectAsync(id, Actor, note, cancellationToken).ConfigureAwait(false),
            HumanRequestAction.Postpone => await manager.PostponeAsync(id, Duration(body.For), Actor, note, cancellationToken).ConfigureAwait(false),
            HumanRequestAction.Complete => await manager.CompleteAsync(id, Amount(body.ActualCost, "actual_cost"), Actor, note, cancellationToken).ConfigureAwait(false),
            _ => await manager.CancelAsync(id, Actor, note, cancellationToken).ConfigureAwait(false),
        };
        Log.Decided(http.RequestServices.GetRequiredService<ILogger<MasterApiAccess>>(), action.ToWireName(), id);
        return ApiResults.Json(ApiMapping.ToResponse(decided), D8MasterApiJsonContext.Default.HumanRequestResponse);
    }

    private static NewHumanRequest ToNewRequest(HumanRequestCreateRequest body)
    {
        var types = string.Join(", ", Enum.GetValues<HumanRequestType>().Select(type => type.ToWireName()));
        if (body.RequestType is null)
        {
            throw ApiException.BadRequest($"'request_type' is required: one of {types}.");
        }

        if (!HumanRequestNames.TryParseType(body.RequestType, out var type))
        {
            throw ApiException.BadRequest($"'request_type' must be one of {types} (got '{body.RequestType}').");
        }

        if (string.IsNullOrWhiteSpace(body.Title))
        {
            throw ApiException.BadRequest("'title' is required: what is asked, in a few words.");
        }

        return new NewHumanRequest
        {
            Type = type,
            Title = Text(body.Title, "title", int.MaxValue)!,
            Description = Text(body.Description, "description", int.MaxValue) ?? string.Empty,
            EstimatedCost = Amount(body.EstimatedCost, "estimated_cost"),
            Priority = body.Priority ?? 5,
            CreatedBy = Text(body.CreatedBy, "created_by", int.MaxValue) ?? Actor,
            Note = Text(body.Note, "note", MaxNoteLength),
            Options = body.Options ?? [],
            ExpiresAt = body.ExpiresAt, // the library refuses one not in the future, naming the field (400)
        };
    }

    private static void NotFor(bool given, string field, string action)
    {
        if (given)
        {
            throw ApiException.BadRequest($"'{field}' applies to {action} only.");
        }
    }

    /// <summary>A duration of <see cref="HumanRequestInput.TryParseDuration"/>; one day when none is given.</summary>
    private static TimeSpan Duration(string? text) =>
        HumanRequestInput.TryParseDuration(text ?? DefaultPostpone, out var duration)
            ? duration
            : throw ApiException.BadRequest($"'for': '{text}' is not a duration like 30m, 2h, 1d, 1w or 1.02:00:00 (at most 365 days).");

    /// <summary>An amount of <see cref="HumanRequestInput.TryParseAmount"/> (0 to a million, at most two decimals).</summary>
    private static decimal? Amount(decimal? amount, string field)
    {
        if (amount is not { } value)
        {
            return null;
        }

        var text = value.ToString(CultureInfo.InvariantCulture);
        return HumanRequestInput.TryParseAmount(text, out var parsed)
            ? parsed
            : throw ApiException.BadRequest($"'{field}' must be an amount from 0 to {HumanRequestInput.MaxAmount.ToString(CultureInfo.InvariantCulture)} with at most two decimals (got {text}).");
    }

    private static string? Text(string? value, string field, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var trimmed = TaskSubmission.NoNul(value.Trim(), field);
        return trimmed.Length > maxLength
            ? throw ApiException.BadRequest($"'{field}' must be at most {maxLength} characters (got {trimmed.Length}).")
            : trimmed;
    }

    private static IHumanRequestManager Manager(HttpContext http) =>
        http.RequestServices.GetService<IHumanRequestManager>()
        ?? throw new ApiException(StatusCodes.Status503ServiceUnavailable, "This master has no human requests (AddD8HumanRequests is not called).");
}
