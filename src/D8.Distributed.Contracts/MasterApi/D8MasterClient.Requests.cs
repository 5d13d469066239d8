using System.Net.Http.Json;

namespace D8.Distributed.Contracts;

/// <summary>The human-request calls of the master API (<c>/api/v1/requests</c>).</summary>
public sealed partial class D8MasterClient
{
    /// <summary>Lists human requests in creation order (<c>GET /api/v1/requests?status=</c>).</summary>
    /// <param name="status">Only requests with this status (<c>pending</c>, <c>approved</c>, …); <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The requests.</returns>
    /// <exception cref="D8MasterApiException">400 for an unknown status.</exception>
    /// <exception cref="HttpRequestException">The master cannot be reached.</exception>
    public Task<IReadOnlyList<HumanRequestResponse>> ListRequestsAsync(string? status = null, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, "api/v1/requests" + Query(("status", status)), null, D8MasterApiJsonContext.Default.IReadOnlyListHumanRequestResponse, cancellationToken);

    /// <summary>Returns the spend of the human requests against the monthly budgets (<c>GET /api/v1/budget</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The current month against the budgets and the spend per month.</returns>
    /// <exception cref="D8MasterApiException">The master refused the call (for example 401 without the API token).</exception>
    /// <exception cref="HttpRequestException">The master cannot be reached.</exception>
    public Task<BudgetResponse> GetBudgetAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, "api/v1/budget", null, D8MasterApiJsonContext.Default.BudgetResponse, cancellationToken);

    /// <summary>
    /// Lists the owner alerts the master keeps (<c>GET /api/v1/alerts?limit=</c>), newest first: those not delivered
    /// yet and the latest delivered ones.
    /// </summary>
    /// <param name="limit">At most this many (1–500); <see langword="null"/> for the master's default of 50.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The alerts, newest first.</returns>
    /// <exception cref="D8MasterApiException">400 for a limit outside 1–500; 503 when the store cannot be used.</exception>
    /// <exception cref="HttpRequestException">The master cannot be reached.</exception>
    public Task<IReadOnlyList<OwnerAlertResponse>> ListAlertsAsync(int? limit = null, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, "api/v1/alerts" + Query(("limit", limit?.ToString(System.Globalization.CultureInfo.InvariantCulture))), null, D8MasterApiJsonContext.Default.IReadOnlyListOwnerAlertResponse, cancellationToken);

    /// <summary>Creates a human request (<c>POST /api/v1/requests</c>); auto-approval rules apply and the owner is told.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored request: <c>pending</c>, or <c>approved</c> when a rule approved it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="D8MasterApiException">400 for an invalid field (named).</exception>
    /// <exception cref="HttpRequestException">The master cannot be reached.</exception>
    public Task<HumanRequestResponse> CreateRequestAsync(HumanRequestCreateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync(HttpMethod.Post, "api/v1/requests", JsonContent.Create(request, D8MasterApiJsonContext.Default.HumanRequestCreateRequest), D8MasterApiJsonContext.Default.HumanRequestResponse, cancellationToken);
    }

    /// <summary>Returns a human request (<c>GET /api/v1/requests/{id}</c>).</summary>
    /// <param name="requestId">The id, for example <c>req-0001</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The request.</returns>
    /// <exception cref="ArgumentException"><paramref name="requestId"/> is empty.</exception>
    /// <exception cref="D8MasterApiException">404 when no request has that id.</exception>
    /// <exception cref="HttpRequestException">The master cannot be reached.</exception>
    public Task<HumanRequestResponse> GetRequestAsync(string requestId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, "api/v1/requests/" + Id(requestId, nameof(requestId)), null, D8MasterApiJsonContext.Default.HumanRequestResponse, cancellationToken);

    /// <summary>Approves a pending or postponed request (<c>POST /api/v1/requests/{id}/approve</c>).</summary>
    /// <param name="requestId">The id.</param>
    /// <param name="decision">The note; <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The approved request.</returns>
    /// <exception cref="ArgumentException"><paramref name="requestId"/> is empty.</exception>
    /// <exception cref="D8MasterApiException">404 unknown id, 409 when it cannot be approved from its status, 400 bad input.</exception>
    /// <exception cref="HttpRequestException">The master cannot be reached.</exception>
    public Task<HumanRequestResponse> ApproveRequestAsync(string requestId, HumanRequestDecisionRequest? decision = null, CancellationToken cancellationToken = default) =>
        DecideAsync(requestId, "approve", decision, cancellationToken);

    /// <summary>Rejects a pending or postponed request (<c>POST /api/v1/requests/{id}/reject</c>).</summary>
    /// <param name="requestId">The id.</param>
    /// <param name="decision">The reason (<see cref="HumanRequestDecisionRequest.Note"/>); <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The rejected request.</returns>
    /// <exception cref="ArgumentException"><paramref name="requestId"/> is empty.</exception>
    /// <exception cref="D8MasterApiException">404 unknown id, 409 when it cannot be rejected from its status, 400 bad input.</exception>
    /// <exception cref="HttpRequestException">The master cannot be reached.</exception>
    public Task<HumanRequestResponse> RejectRequestAsync(string requestId, HumanRequestDecisionRequest? decision = null, CancellationToken cancellationToken = default) =>
        DecideAsync(requestId, "reject", decision, cancellationToken);

    /// <summary>Postpones a pending request (<c>POST /api/v1/requests/{id}/postpone</c>) for <see cref="HumanRequestDecisionRequest.For"/> (default one day).</summary>
    /// <param name="requestId">The id.</param>
    /// <param name="decision">How long and a note; <see langword="null"/> for one day.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The postponed request.</returns>
    /// <exception cref="ArgumentException"><paramref name="requestId"/> is empty.</exception>
    /// <exception cref="D8MasterApiException">404 unknown id, 409 when it is not pending, 400 for a duration that does not parse.</exception>
    /// <exception cref="HttpRequestException">The master cannot be reached.</exception>
    public Task<HumanRequestResponse> PostponeRequestAsync(string requestId, HumanRequestDecisionRequest? decision = null, CancellationToken cancellationToken = default) =>
        DecideAsync(requestId, "postpone", decision, cancellationToken);

    /// <summary>Completes an approved request (<c>POST /api/v1/requests/{id}/complete</c>) with its actual cost.</summary>
    /// <param name="requestId">The id.</param>
    /// <param name="decision">The actual cost and a note; <see langword="null"/> for neither.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The completed request.</returns>
    /// <exception cref="ArgumentException"><paramref name="requestId"/> is empty.</exception>
    /// <exception cref="D8MasterApiException">404 unknown id, 409 when it is not approved, 400 for a bad cost.</exception>
    /// <exception cref="HttpRequestException">The master cannot be reached.</exception>
    public Task<HumanRequestResponse> CompleteRequestAsync(string requestId, HumanRequestDecisionRequest? decision = null, CancellationToken cancellationToken = default) =>
        DecideAsync(requestId, "complete", decision, cancellationToken);

    /// <summary>Cancels a pending, postponed or approved request (<c>POST /api/v1/requests/{id}/cancel</c>).</summary>
    /// <param name="requestId">The id.</param>
    /// <param name="decision">The reason; <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The cancelled request.</returns>
    /// <exception cref="ArgumentException"><paramref name="requestId"/> is empty.</exception>
    /// <exception cref="D8MasterApiException">404 unknown id, 409 when it is already final.</exception>
    /// <exception cref="HttpRequestException">The master cannot be reached.</exception>
    public Task<HumanRequestResponse> CancelRequestAsync(string requestId, HumanRequestDecisionRequest? decision = null, CancellationToken cancellationToken = default) =>
        DecideAsync(requestId, "cancel", decision, cancellationToken);

    private Task<HumanRequestResponse> DecideAsync(string requestId, string action, HumanRequestDecisionRequest? decision, CancellationToken cancellationToken)
    {
        var path = "api/v1/requests/" + Id(requestId, nameof(requestId)) + "/" + action;
        var body = JsonContent.Create(decision ?? new HumanRequestDecisionRequest(), D8MasterApiJsonContext.Default.HumanRequestDecisionRequest);
        return SendAsync(HttpMethod.Post, path, body, D8MasterApiJsonContext.Default.HumanRequestResponse, cancellationToken);
    }
}
