using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using D8.Distributed.Contracts;
using D8.Distributed.Core;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace D8.Distributed.Core.Internal;

/// <summary>
/// The typed HTTP client of the slave API (on <see cref="IHttpClientFactory"/> with the per-slave resilience
/// pipeline). Turns every failure into <see cref="SlaveTransportException"/> (may fail over) or
/// <see cref="SlaveRequestException"/> (the request itself is refused).
/// </summary>
internal sealed class SlaveClient
{
    private readonly HttpClient _http;
    private readonly D8MasterOptions _options;
    private readonly SlaveCertificatePinning _pinning;
    private readonly SlaveSecretStore _secrets;

    public SlaveClient(HttpClient http, IOptions<D8MasterOptions> options, SlaveCertificatePinning pinning, SlaveSecretStore secrets)
    {
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        _options = options.Value;
        _pinning = pinning;
        _secrets = secrets;

        // Attempts are bounded by the pipeline's per-attempt timeout and the caller's token, not by HttpClient.
        _http.Timeout = Timeout.InfiniteTimeSpan;
    }

    /// <summary>Status codes with which a slave says "no such task": 404, or 404/405 from an old slave without the route.</summary>
    private static readonly HttpStatusCode[] NoSuchTask = [HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed];

    public async Task<HealthResponse> GetHealthAsync(SlaveInfo slave, CancellationToken cancellationToken) =>
        (await GetAsync(slave, "api/health", D8JsonContext.Default.HealthResponse, [], cancellationToken).ConfigureAwait(false))!;

    public async Task<D8VersionInfo> GetVersionAsync(SlaveInfo slave, CancellationToken cancellationToken) =>
        (await GetAsync(slave, "api/version", D8JsonContext.Default.D8VersionInfo, [], cancellationToken).ConfigureAwait(false))!;

    /// <summary>
    /// Posts a task. With <see cref="ExecuteRequest.ResumeOnly"/> (re-joining a task after a master restart) the slave is
    /// first asked whether it knows the task (<see cref="GetTaskAsync"/>), because an old slave ignores
    /// <c>resume_only</c> and would run the command again; unknown there, or a 404 to the execute itself, throws
    /// <see cref="SlaveTaskUnknownException"/> and nothing ran.
    /// </summary>
    /// <exception cref="SlaveTaskUnknownException">A resume-only request named a task the slave does not know.</exception>
    /// <exception cref="SlaveRequestException">The slave refused the request (4xx).</exception>
    /// <exception cref="SlaveTransportException">The slave could not be reached or answered 5xx or garbage.</exception>
    public async Task<ExecuteResponse> ExecuteAsync(SlaveInfo slave, ExecuteRequest request, TimeSpan attemptTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(slave);
        ArgumentNullException.ThrowIfNull(request);
        if (request.ResumeOnly)
        {
            ArgumentException.ThrowIfNullOrEmpty(request.TaskId, $"{nameof(request)}.{nameof(ExecuteRequest.TaskId)}");
            if (await GetTaskAsync(slave, request.TaskId, cancellationToken).ConfigureAwait(false) is null)
            {
                throw Unknown(slave, request.TaskId);
            }
        }

        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(slave.BaseAddress, "api/execute"))
        {
            Content = JsonContent.Create(request, D8JsonContext.Default.ExecuteRequest),
        };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TokenOf(slave));
        message.Options.Set(SlaveRequestOptions.AttemptTimeout, attemptTimeout);
        message.Options.Set(SlaveRequestOptions.Idempotent, !string.IsNullOrEmpty(request.TaskId));
        var response = await SendAsync(slave, message, D8JsonContext.Default.ExecuteResponse, request.ResumeOnly ? [HttpStatusCode.NotFound] : [], cancellationToken).ConfigureAwait(false);
        return response ?? throw Unknown(slave, request.TaskId!);
    }

    /// <summary>
    /// Cancels a task on the slave (<c>POST /api/tasks/{task_id}/cancel</c>): its result once the process tree is gone
    /// (<see cref="ExecuteResponse.Cancelled"/>), or its stored result when it had already finished;
    /// <see langword="null"/> when the slave does not know the task or cannot cancel (an old slave: 404/405).
    /// </summary>
    /// <exception cref="SlaveRequestException">The slave refused the request (401, ...).</exception>
    /// <exception cref="SlaveTransportException">The slave could not be reached or answered 5xx or garbage.</exception>
    public async Task<ExecuteResponse?> CancelAsync(SlaveInfo slave, string taskId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(slave);
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        using var message = new HttpRequestMessage(HttpMethod.Post, TaskUri(slave, taskId, "/cancel"));
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TokenOf(slave));
        message.Options.Set(SlaveRequestOptions.AttemptTimeout, _options.Resilience.AttemptTimeout);

        // Cancelling twice is cancelling once: safe to retry like a GET.
        message.Options.Set(SlaveRequestOptions.Idempotent, true);
        return await SendAsync(slave, message, D8JsonContext.Default.ExecuteResponse, NoSuchTask, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// What the slave knows of a task (<c>GET /api/tasks/{task_id}</c>); <see langword="null"/> when it does not know it
    /// or has no such route (an old slave: 404/405).
    /// </summary>
    /// <exception cref="SlaveRequestException">The slave refused the request (401, ...).</exception>
    /// <exception cref="SlaveTransportException">The slave could not be reached or answered 5xx or garbage.</exception>
    public async Task<SlaveTaskStatusResponse?> GetTaskAsync(SlaveInfo slave, string taskId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(slave);
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        using var message = new HttpRequestMessage(HttpMethod.Get, TaskUri(slave, taskId, string.Empty));
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TokenOf(slave));
        message.Options.Set(SlaveRequestOptions.AttemptTimeout, _options.Resilience.AttemptTimeout);
        return await SendAsync(slave, message, D8JsonContext.Default.SlaveTaskStatusResponse, NoSuchTask, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The slave's own token from <c>slaves/secrets.json</c>, else the shared one.</summary>
    private string? TokenOf(SlaveInfo slave)
    {
        try
        {
            return _secrets.FindToken(slave.Id) ?? _options.Token;
        }
        catch (SlaveRegistryException ex)
        {
            // Never the shared token instead: the slave may have its own, and the shared one must not reach it.
            throw new SlaveTransportException(slave.Id, $"Slave '{slave.Id}' is not called: {ex.Message}", ex);
        }
    }

    private static Uri TaskUri(SlaveInfo slave, string taskId, string suffix) =>
        new(slave.BaseAddress, $"api/tasks/{Uri.EscapeDataString(taskId)}{suffix}");

    private static SlaveTaskUnknownException Unknown(SlaveInfo slave, string taskId) =>
        new(slave.Id, taskId, $"Slave '{slave.Id}' does not know task '{taskId}' (it never saw it, forgot it, or cannot tell): a resume-only execute ran nothing.");

    private async Task<T?> GetAsync<T>(SlaveInfo slave, string path, JsonTypeInfo<T> typeInfo, HttpStatusCode[] nullOn, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(slave);
        using var message = new HttpRequestMessage(HttpMethod.Get, new Uri(slave.BaseAddress, path));
        message.Options.Set(SlaveRequestOptions.AttemptTimeout, _options.Resilience.AttemptTimeout);
        return await SendAsync(slave, message, typeInfo, nullOn, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends one request; <see langword="null"/> when the slave answers one of <paramref name="nullOn"/>.</summary>
    private async Task<T?> SendAsync<T>(SlaveInfo slave, HttpRequestMessage message, JsonTypeInfo<T> typeInfo, HttpStatusCode[] nullOn, CancellationToken cancellationToken)
        where T : class
    {
        var what = $"{message.Method} {message.RequestUri}";
        if (slave.Https)
        {
            message.Options.Set(SlaveRequestOptions.PinnedFingerprint, slave.TlsFingerprint ?? string.Empty);
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (BrokenCircuitException ex)
        {
            throw new SlaveTransportException(slave.Id, $"Slave '{slave.Id}' is not called: its circuit breaker is open after repeated failures ({what}).", ex);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new SlaveTransportException(slave.Id, $"Slave '{slave.Id}' did not answer {what} in time.", ex);
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.SecureConnectionError && slave.Https)
        {
            throw new SlaveTransportException(slave.Id, TlsFailure(slave, message, what, ex), ex);
        }
        catch (HttpRequestException ex)
        {
            throw new SlaveTransportException(slave.Id, $"Slave '{slave.Id}' could not be reached for {what}: {ex.Message}", ex);
        }
        catch (OperationCanceledException ex)
        {
            throw new SlaveTransportException(slave.Id, $"Slave '{slave.Id}' did not answer {what} in time.", ex);
        }

        using (response)
        {
            if (nullOn.Contains(response.StatusCode))
            {
                return null;
            }

            if (!response.IsSuccessStatusCode)
            {
                var error = await ReadErrorAsync(response, cancellationToken).ConfigureAwait(false);
                var text = $"Slave '{slave.Id}' answered {(int)response.StatusCode} {response.ReasonPhrase} to {what}: {error}";
                if ((int)response.StatusCode >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests)
                {
                    throw new SlaveTransportException(slave.Id, text, null);
                }

                throw new SlaveRequestException(slave.Id, response.StatusCode, text);
            }

            try
            {
                return await response.Content.ReadFromJsonAsync(typeInfo, cancellationToken).ConfigureAwait(false)
                    ?? throw new SlaveTransportException(slave.Id, $"Slave '{slave.Id}' answered {what} with an empty body.", null);
            }
            catch (JsonException ex)
            {
                throw new SlaveTransportException(slave.Id, $"Slave '{slave.Id}' answered {what} with a body that is not the expected JSON: {ex.Message}", ex);
            }
            catch (HttpRequestException ex)
            {
                throw new SlaveTransportException(slave.Id, $"Slave '{slave.Id}' broke off its answer to {what}: {ex.Message}", ex);
            }
        }
    }

    /// <summary>Why the TLS handshake with an HTTPS slave failed, and what the operator can do about it.</summary>
    private string TlsFailure(SlaveInfo slave, HttpRequestMessage message, string what, HttpRequestException ex)
    {
        var presented = _pinning.RefusedFor(message, slave.BaseAddress);
        if (presented is not null && slave.TlsFingerprint is null)
        {
            return $"Slave '{slave.Id}' is registered for HTTPS without a pinned certificate (it presents sha256 {presented}); "
                + $"if that is its certificate run `d8-master slaves trust {slave.Id}`.";
        }

        if (presented is not null)
        {
            return $"Slave '{slave.Id}': the slave's TLS certificate changed (pinned sha256 {slave.TlsFingerprint}, now {presented}); "
                + $"if this is expected run `d8-master slaves trust {slave.Id}`.";
        }

        var cause = ex.InnerException?.Message ?? ex.Message;
        return $"Slave '{slave.Id}' could not be reached over HTTPS for {what}: the TLS handshake failed ({cause}); is it serving HTTPS on port {slave.Port}?";
    }

    private static async Task<string> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var error = JsonSerializer.Deserialize(body, D8JsonContext.Default.ErrorResponse);
                if (!string.IsNullOrEmpty(error?.Error))
                {
                    return error.Error;
                }
            }
            catch (JsonException)
            {
                // Not the {"error": ...} shape: show the raw text instead.
            }

            return body.Length > 500 ? body[..500] : body;
        }
        catch (HttpRequestException ex)
        {
            return ex.Message;
        }
    }
}
