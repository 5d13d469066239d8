using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace D8.Distributed.Contracts;

/// <summary>
/// A typed client of the master API (<c>/api/v1</c> and <c>/healthz</c> on the master's web port, 7500 by default), over
/// an <see cref="HttpClient"/> whose <see cref="HttpClient.BaseAddress"/> is the master's URL. Source-generated JSON only
/// (trimming and NativeAOT safe). Thread-safe: one instance can serve a whole application.
/// </summary>
/// <remarks>
/// <para>A 2xx answer returns its DTO; any other status throws <see cref="D8MasterApiException"/> carrying the status and
/// the server's message. A master that cannot be reached throws <see cref="HttpRequestException"/> as
/// <see cref="HttpClient"/> does (the caller can say "master not reachable at &lt;url&gt;").</para>
/// <para>The token goes on each request (<c>Authorization: Bearer</c>), never onto the shared client's default headers.</para>
/// </remarks>
public sealed partial class D8MasterClient
{
    /// <summary>The longest wait the master accepts for one <c>GET /api/v1/tasks/{id}/wait</c>, in seconds.</summary>
    public const int MaxWaitSeconds = 300;

    // One long poll stays well below HttpClient's default timeout (100 s); longer waits are several polls.
    private static readonly TimeSpan LongPoll = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http;
    private readonly string? _token;
    private readonly Uri _root;

    /// <summary>Creates a client of the master at <paramref name="httpClient"/>'s base address.</summary>
    /// <param name="httpClient">The client; its <see cref="HttpClient.BaseAddress"/> is the master's URL, for example
    /// <c>http://127.0.0.1:7500</c> (a path prefix is kept).</param>
    /// <param name="apiToken">The master's API token (<c>D8:Master:ApiToken</c>); <see langword="null"/> for a master
    /// without one, which then answers loopback clients only.</param>
    /// <exception cref="ArgumentNullException"><paramref name="httpClient"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="httpClient"/> has no absolute base address.</exception>
    public D8MasterClient(HttpClient httpClient, string? apiToken = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        if (httpClient.BaseAddress is not { IsAbsoluteUri: true } address)
        {
            throw new ArgumentException("The HttpClient needs a BaseAddress: the master's URL, for example http://127.0.0.1:7500.", nameof(httpClient));
        }

        _http = httpClient;
        _token = string.IsNullOrWhiteSpace(apiToken) ? null : apiToken.Trim();
        _root = new Uri(address.AbsoluteUri.TrimEnd('/') + "/");
    }

    /// <summary>Gets the master's URL every call goes to (the client's base address, ending with <c>/</c>).</summary>
    public Uri BaseAddress => _root;

    /// <summary>Asks whether the master serves (<c>GET /healthz</c>; no token needed).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The master's status, role and version.</returns>
    /// <exception cref="D8MasterApiException">The master answered with an error status.</exception>
    /// <exception cref="HttpRequestException">The master cannot be reached.</exception>
    public Task<MasterHealthResponse> GetHealthAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, "healthz", null, D8MasterApiJsonContext.Default.MasterHealthResponse, cancellationToken);

    /// <summary>Queues a task (<c>POST /api/v1/tasks</c>); a known <see cref="TaskSubmitRequest.TaskId"/> returns that task.</summary>
    /// <param name="request">The task.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored task, normally <c>queued</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="D8MasterApiException">400 for an invalid field (named), 503 with <see cref="D8MasterApiException.RetryAfter"/> when the queue is full.</exception>
    /// <exception cref="HttpRequestException">The master cannot be reached.</exception>
    public Task<TaskResponse> SubmitTaskAsync(TaskSubmitRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync(HttpMethod.Post, "api/v1/tasks", JsonContent.Create(request, D8MasterApiJsonContext.Default.TaskSubmitRequest), D8MasterApiJsonContext.Default.TaskResponse, cancellationToken);
    }

    /// <summary>Returns a task (<c>GET /api/v1/tasks/{id}</c>).</summary>
    /// <param name="taskId">The task id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The task.</returns>
    /// <exception cref="ArgumentException"><paramref name="taskId"/> is empty.</exception>
    /// <exception cref="D8MasterApiException">404 when the task is unknown.</exception>
    /// <exception cref="HttpRequestException">The master cannot be reached.</exception>
    public Task<TaskResponse> GetTaskAsync(string taskId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, "api/v1/tasks/" + Id(taskId), null, D8MasterApiJsonContext.Default.TaskResponse, cancellationToken);

    /// <summary>Returns a page of tasks, newest first (<c>GET /api/v1/tasks?status=&amp;limit=&amp;before=</c>).</summary>
    /// <param name="status">Only tasks of these statuses, comma-separated (<c>queued,running</c>); <see langword="null"/> for all.</param>
    /// <param name="limit">The page size, 1–1000; <see langword="null"/> for 50.</param>
    /// <param name="before">The previous page's <see cref="TaskPageResponse.NextBefore"/>; <see langword="null"/> for the newest.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    /// <exception cref="D8MasterApiException">400 for an unknown status or a bad limit.</exception>
    /// <exception cref="HttpRequestException">The master cannot be reached.</exception>
    public Task<TaskPageResponse> ListTasksAsync(string? status = null, int? limit = null, long? before = null, CancellationToken cancellationToken = default)
    {
        var query = Query(("status", status), ("limit", limit?.ToString(CultureInfo.InvariantCulture)), ("before", before?.ToString(CultureInfo.InvariantCulture)));
        return SendAsync(HttpMethod.Get, "api/v1/tasks" + query, null, D8MasterApiJsonContext.Default.TaskPageResponse, cancellationToken);
    }

    /// <summary>
    /// Waits until a task is final and returns it (<c>GET /api/v1/tasks/{id}/wait</c>, as long polls of at most 30 s
    /// each, so no HTTP timeout is hit). When <paramref name="timeout"/> passes first, returns the task as it is then
    /// (check <see cref="TaskResponse.IsFinal"/>).
    /// </summary>
    /// <param name="taskId">The task id.</param>
    /// <param name="timeout">How long to wait at most; <see langword="null"/> to wait until the task is final.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The task: final, unless the timeout passed.</returns>
    /// <exception cref="ArgumentException"><paramref name="taskId"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative.</exception>
    /// <exception cref="D8MasterApiException">404 when the task is unknown.</exception>
    /// <exception cref="HttpRequestException">The master cannot be reached.</exception>
    public async Task<TaskResponse> WaitForTaskAsync(string taskId, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var path = "api/v1/tasks/" + Id(taskId) + "/wait";
        if (timeout is { } limit)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(limit, TimeSpan.Zero, nameof(timeout));
        }

        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var remaining = timeout is { } total ? total - Stopwatch.GetElapsedTime(started) : LongPoll;
            var poll = remaining < TimeSpan.Zero ? TimeSpan.Zero : remaining > LongPoll ? LongPoll : remaining;
            var seconds = Math.Ceiling(poll.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            var task = await SendAsync(HttpMethod.Get, path + "?timeout_seconds=" + seconds, null, D8MasterApiJsonContext.Default.TaskResponse, cancellationToken).ConfigureAwait(false);
            if (task.IsFinal || (timeout is { } bound && Stopwatch.GetElapsedTime(started) >= bound))
            {
                return task;
            }
        }
    }

    /// <summary>
    /// Cancels a task (<c>POST /api/v1/tasks/{id}/cancel</c>): a queued one leaves the queue, a running one is killed on
    /// its slave. A task that is already final is not an error here: the outcome says so and carries it.
    /// </summary>
    /// <param name="taskId">The task id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether this call cancelled the task, and the task.</returns>
    /// <exception cref="ArgumentException"><paramref name="taskId"/> is empty.</exception>
    /// <exception cref="D8MasterApiException">404 when the task is unknown.</exception>
    /// <exception cref="HttpRequestException">The master cannot be reached.</exception>
    public async Task<TaskCancelOutcome> CancelTaskAsync(string taskId, CancellationToken cancellationToken = default)
    {
        using var request = NewRequest(HttpMethod.Post, "api/v1/tasks/" + Id(taskId) + "/cancel", null);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            var conflict = await ReadAsync(response, D8MasterApiJsonContext.Default.TaskConflictResponse, cancellationToken).ConfigureAwait(false);
            return new TaskCancelOutcome(false, conflict.Task);
        }

        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        return new TaskCancelOutcome(true, await ReadAsync(response, D8MasterApiJsonContext.Default.TaskResponse, cancellationToken).ConfigureAwait(false));
    }

    private static string Id(string id, string name = "taskId")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id, name);
        return Uri.EscapeDataString(id);
    }

    private static string Query(params (string Name, string? Value)[] parameters)
    {
        var parts = parameters.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => p.Name + "=" + Uri.EscapeDataString(p.Value!)).ToList();
        return parts.Count == 0 ? string.Empty : "?" + string.Join('&', parts);
    }

    private HttpRequestMessage NewRequest(HttpMethod method, string path, HttpContent? content)
    {
        var request = new HttpRequestMessage(method, new Uri(_root, path)) { Content = content };
        if (_token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        }

        return request;
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent? content, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        using var request = NewRequest(method, path, content);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, typeInfo, cancellationToken).ConfigureAwait(false);
    }

    private async Task SendAsync(HttpMethod method, string path, CancellationToken cancellationToken)
    {
        using var request = NewRequest(method, path, null);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync(typeInfo, cancellationToken).ConfigureAwait(false)
                ?? throw new JsonException("the body is null");
        }
        catch (JsonException ex)
        {
            throw new D8MasterApiException(
                response.StatusCode,
                $"The answer of {response.RequestMessage?.RequestUri} is not the D8 master API's JSON (is this URL a D8 master?): {ex.Message}",
                retryAfter: null);
        }
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        string? message = null;
        try
        {
            message = JsonSerializer.Deserialize(body, D8MasterApiJsonContext.Default.ErrorResponse)?.Error;
        }
        catch (JsonException)
        {
            // Not ours (a proxy's HTML page, say): the status says what there is to say.
        }

        var status = (int)response.StatusCode;
        message = string.IsNullOrWhiteSpace(message)
            ? $"The master at {response.RequestMessage?.RequestUri} answered {status} {response.ReasonPhrase} without a D8 error message."
            : message;
        // The master sends Retry-After in seconds (the date form is not used by it).
        throw new D8MasterApiException(response.StatusCode, message, response.Headers.RetryAfter?.Delta);
    }
}
