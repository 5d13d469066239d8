using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using D8.Distributed.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Slave.Internal;

/// <summary>The endpoints of the slave API. Health and version only read cached state; they never spawn a process.</summary>
internal sealed class SlaveApiHandlers(
    BearerTokenAuthenticator authenticator,
    SlaveExecutor executor,
    CapabilityProbe capabilities,
    SlaveVersionProvider version,
    ExecutionSlots slots,
    SlaveLifecycle lifecycle,
    IOptions<D8SlaveOptions> options,
    ILogger<SlaveApiHandlers> logger)
{
    internal const string UnauthorizedMessage = "Unauthorized";

    private readonly D8SlaveOptions _options = options.Value;
    private readonly string _hostname = Environment.MachineName;
    private readonly string _os = RuntimeInformation.OSDescription;

    public async Task<IResult> HealthAsync(CancellationToken cancellationToken)
    {
        var snapshot = await capabilities.CurrentAsync(cancellationToken).ConfigureAwait(false);
        var current = version.Current;
        var (running, queued) = slots.Counts;
        return Results.Json(
            new HealthResponse
            {
                Status = lifecycle.IsDraining ? "draining" : "healthy",
                PythonVersion = snapshot.PythonVersion,
                ExecutionMethods = ToExecutionMethods(snapshot),
                Version = current.Version,
                Commit = current.Commit,
                Branch = current.Branch,
                Hostname = _hostname,
                Os = _os,
                CpuCount = Environment.ProcessorCount,
                RunningTasks = running,
                MaxConcurrentTasks = slots.MaxRunning,
                QueuedTasks = queued,
                Capabilities = Capabilities(snapshot),
                UptimeSeconds = Math.Round(lifecycle.Uptime.TotalSeconds, 3),
            },
            D8JsonContext.Default.HealthResponse);
    }

    public IResult Version() => Results.Json(version.Current, D8JsonContext.Default.D8VersionInfo);

    public async Task<IResult> ExecuteAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Unauthorized(context) is { } unauthorized)
        {
            return unauthorized;
        }

        var body = await ExecuteBodyReader.ReadAsync(context.Request, _options.MaxRequestBodyBytes, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            return Error(StatusCodes.Status413PayloadTooLarge, $"Request body too large: the limit is {_options.MaxRequestBodyBytes} bytes");
        }

        var request = ExecuteBodyReader.Parse(body, out var parseError);
        if (request is null)
        {
            Log.RequestRejected(logger, parseError!);
            return Error(StatusCodes.Status400BadRequest, parseError!);
        }

        var result = await executor.ExecuteAsync(request, context.RequestAborted).ConfigureAwait(false);
        return ToHttpResult(result, context.Response, _options.RetryAfterSeconds);
    }

    /// <summary>
    /// <c>POST /api/tasks/{task_id}/cancel</c>: 200 with the task's result once its process tree is gone (or it was
    /// dequeued, or it had already finished), 404 when the task is unknown.
    /// </summary>
    public async Task<IResult> CancelAsync(HttpContext context, string taskId)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Unauthorized(context) is { } unauthorized)
        {
            return unauthorized;
        }

        var response = await executor.CancelAsync(taskId, context.RequestAborted).ConfigureAwait(false);
        return response is null
            ? Error(StatusCodes.Status404NotFound, ExecutionResult.UnknownTaskMessage(taskId))
            : Results.Json(response, D8JsonContext.Default.ExecuteResponse, statusCode: StatusCodes.Status200OK);
    }

    /// <summary><c>GET /api/tasks/{task_id}</c>: 200 with the task's status (and result once finished), 404 when unknown.</summary>
    public IResult GetTask(HttpContext context, string taskId)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Unauthorized(context) is { } unauthorized)
        {
            return unauthorized;
        }

        return executor.GetTask(taskId) is { } status
            ? Results.Json(status, D8JsonContext.Default.SlaveTaskStatusResponse, statusCode: StatusCodes.Status200OK)
            : Error(StatusCodes.Status404NotFound, ExecutionResult.UnknownTaskMessage(taskId));
    }

    /// <summary>
    /// The one place an <see cref="ExecutionResult"/> becomes HTTP: a completed task is 200 with its response (whether
    /// or not the code succeeded), a refusal 400, busy and draining 503 with <c>Retry-After</c> (nothing ran: try again
    /// later, or elsewhere), an unknown task of a resume-only request 404.
    /// </summary>
    internal static IResult ToHttpResult(ExecutionResult result, HttpResponse response, int retryAfterSeconds)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(response);
        if (result.IsCompleted)
        {
            return Results.Json(result.Response, D8JsonContext.Default.ExecuteResponse, statusCode: StatusCodes.Status200OK);
        }

        switch (result.Kind)
        {
            case ExecutionResultKind.Refused:
                return Error(StatusCodes.Status400BadRequest, result.Message);
            case ExecutionResultKind.Busy or ExecutionResultKind.Draining:
                response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                return Error(StatusCodes.Status503ServiceUnavailable, result.Message);
            case ExecutionResultKind.UnknownTask:
                return Error(StatusCodes.Status404NotFound, result.Message);
            default:
                throw new UnreachableException($"Unknown execution result kind {result.Kind}.");
        }
    }

    /// <summary>The wire's fixed <c>execution_methods</c> object, from the methods the snapshot found available.</summary>
    internal static ExecutionMethods ToExecutionMethods(CapabilitySnapshot snapshot) =>
        new(
            Docker: snapshot.IsAvailable(ExecutionMethod.Docker),
            Venv: snapshot.IsAvailable(ExecutionMethod.Venv),
            Python: snapshot.IsAvailable(ExecutionMethod.Python),
            Shell: snapshot.IsAvailable(ExecutionMethod.Shell));

    private List<string> Capabilities(CapabilitySnapshot snapshot)
    {
        var list = snapshot.AvailableMethods.ToList();
        foreach (var label in _options.Capabilities)
        {
            if (!list.Contains(label, StringComparer.Ordinal))
            {
                list.Add(label);
            }
        }

        return list;
    }

    /// <summary>The 401 answer when the request lacks the bearer token, else <see langword="null"/>.</summary>
    private IResult? Unauthorized(HttpContext context)
    {
        if (authenticator.IsAuthorized(context.Request))
        {
            return null;
        }

        Log.Unauthorized(logger, context.Request.Method, context.Request.Path.Value ?? string.Empty, context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        return Error(StatusCodes.Status401Unauthorized, UnauthorizedMessage);
    }

    private static IResult Error(int statusCode, string message) =>
        Results.Json(new ErrorResponse(message), D8JsonContext.Default.ErrorResponse, statusCode: statusCode);
}
