using System.Globalization;
using D8.Distributed.Contracts;
using D8.Distributed.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;

namespace D8.Dashboard.Internal;

/// <summary><c>/api/v1/tasks</c>: submit, get, list, wait, cancel, over <see cref="ITaskQueue"/>.</summary>
internal static class TaskEndpoints
{
    /// <summary>The longest wait one call may ask for.</summary>
    public const int MaxWaitSeconds = D8MasterClient.MaxWaitSeconds;

    public const double DefaultWaitSeconds = 30;

    public const string CancelReason = "cancelled through the master API";

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/tasks", (HttpContext http, CancellationToken ct) => SubmitAsync(http, ct));
        api.MapGet("/tasks", (HttpContext http, CancellationToken ct) => ListAsync(http, ct));
        api.MapGet("/tasks/{id}", (HttpContext http, string id, CancellationToken ct) => GetAsync(http, id, ct));
        api.MapGet("/tasks/{id}/wait", (HttpContext http, string id, CancellationToken ct) => WaitAsync(http, id, ct));
        api.MapPost("/tasks/{id}/cancel", (HttpContext http, string id, CancellationToken ct) => CancelAsync(http, id, ct));
    }

    private static async Task<IResult> SubmitAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var body = await ApiBody.ReadAsync(http.Request, D8MasterApiJsonContext.Default.TaskSubmitRequest, static () => new TaskSubmitRequest(), cancellationToken).ConfigureAwait(false);
        var task = TaskSubmission.ToTask(body);
        D8TaskInfo stored;
        try
        {
            stored = await Queue(http).EnqueueAsync(task, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException ex)
        {
            // The queue's own checks (it may know more than this layer, e.g. a store's limits).
            throw ApiException.BadRequest(ex.ParamName is { } name ? ex.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal) : ex.Message);
        }

        http.Response.Headers.Location = $"{http.Request.PathBase}{MasterApiRoutes.Prefix}/tasks/{Uri.EscapeDataString(stored.TaskId)}";
        return ApiResults.Json(ApiMapping.ToResponse(stored), D8MasterApiJsonContext.Default.TaskResponse, StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> GetAsync(HttpContext http, string id, CancellationToken cancellationToken)
    {
        var task = await Queue(http).GetAsync(id, cancellationToken).ConfigureAwait(false) ?? throw UnknownTask(id);
        return ApiResults.Json(ApiMapping.ToResponse(task), D8MasterApiJsonContext.Default.TaskResponse);
    }

    private static async Task<IResult> ListAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var query = http.Request.Query;
        var statuses = new List<D8TaskStatus>();
        foreach (var name in Values(query["status"]))
        {
            if (!D8TaskStatusNames.TryParse(name, out var status))
            {
                throw ApiException.BadRequest($"'status': unknown task status '{name}' (use {string.Join(", ", D8TaskStatusNames.All)}; several separated by commas).");
            }

            statuses.Add(status);
        }

        var limit = 50;
        if (Single(query, "limit") is { } limitText
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > D8TaskQuery.MaxLimit))
        {
            throw ApiException.BadRequest($"'limit' must be a whole number 1-{D8TaskQuery.MaxLimit} (got '{limitText}').");
        }

        long? before = null;
        if (Single(query, "before") is { } beforeText)
        {
            if (!long.TryParse(beforeText, NumberStyles.None, CultureInfo.InvariantCulture, out var cursor) || cursor < 1)
            {
                throw ApiException.BadRequest($"'before' must be a positive whole number, the next_before of the previous page (got '{beforeText}').");
            }

            before = cursor;
        }

        var page = await Queue(http).ListAsync(new D8TaskQuery { Statuses = [.. statuses.Distinct()], Limit = limit, Before = before }, cancellationToken).ConfigureAwait(false);
        return ApiResults.Json(ApiMapping.ToResponse(page), D8MasterApiJsonContext.Default.TaskPageResponse);
    }

    private static async Task<IResult> WaitAsync(HttpContext http, string id, CancellationToken cancellationToken)
    {
        var seconds = DefaultWaitSeconds;
        if (Single(http.Request.Query, "timeout_seconds") is { } text
            && (!double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out seconds) || !double.IsFinite(seconds) || seconds > MaxWaitSeconds))
        {
            throw ApiException.BadRequest($"'timeout_seconds' must be a number 0-{MaxWaitSeconds} (got '{text}'); wait again for longer.");
        }

        var task = await Queue(http).WaitAsync(id, TimeSpan.FromSeconds(seconds), cancellationToken).ConfigureAwait(false) ?? throw UnknownTask(id);
        return ApiResults.Json(ApiMapping.ToResponse(task), D8MasterApiJsonContext.Default.TaskResponse, task.IsFinal ? StatusCodes.Status200OK : StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> CancelAsync(HttpContext http, string id, CancellationToken cancellationToken)
    {
        var result = await Queue(http).CancelAsync(id, CancelReason, cancellationToken).ConfigureAwait(false) ?? throw UnknownTask(id);
        var task = ApiMapping.ToResponse(result.Task);
        return result.Cancelled
            ? ApiResults.Json(task, D8MasterApiJsonContext.Default.TaskResponse)
            : ApiResults.Json(
                new TaskConflictResponse($"Task '{id}' is already {task.Status}: there is nothing to cancel.", task),
                D8MasterApiJsonContext.Default.TaskConflictResponse,
                StatusCodes.Status409Conflict);
    }

    private static ITaskQueue Queue(HttpContext http) =>
        http.RequestServices.GetService<ITaskQueue>()
        ?? throw new ApiException(StatusCodes.Status503ServiceUnavailable, "This master has no task queue (ITaskQueue is not registered; AddD8Master registers it).");

    private static ApiException UnknownTask(string id) => ApiException.NotFound($"Task '{id}' was not found.");

    /// <summary>Every value of a repeatable, comma-separated parameter (<c>?status=queued,running&amp;status=lost</c>).</summary>
    private static IEnumerable<string> Values(StringValues values) =>
        values.SelectMany(value => (value ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));

    internal static string? Single(IQueryCollection query, string name)
    {
        var values = query[name];
        return values.Count switch
        {
            0 => null,
            1 => values[0],
            _ => throw ApiException.BadRequest($"'{name}' is given {values.Count} times; give it once."),
        };
    }
}
