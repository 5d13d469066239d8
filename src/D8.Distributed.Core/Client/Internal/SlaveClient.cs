using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
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

    public SlaveClient(HttpClient http, IOptions<D8MasterOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        _options = options.Value;

        // Attempts are bounded by the pipeline's per-attempt timeout and the caller's token, not by HttpClient.
        _http.Timeout = Timeout.InfiniteTimeSpan;
    }

    public Task<HealthResponse> GetHealthAsync(SlaveInfo slave, CancellationToken cancellationToken) =>
        GetAsync(slave, "api/health", D8JsonContext.Default.HealthResponse, cancellationToken);

    public Task<D8VersionInfo> GetVersionAsync(SlaveInfo slave, CancellationToken cancellationToken) =>
        GetAsync(slave, "api/version", D8JsonContext.Default.D8VersionInfo, cancellationToken);

    public async Task<ExecuteResponse> ExecuteAsync(SlaveInfo slave, ExecuteRequest request, TimeSpan attemptTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(slave);
        ArgumentNullException.ThrowIfNull(request);
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(slave.BaseAddress, "api/execute"))
        {
            Content = JsonContent.Create(request, D8JsonContext.Default.ExecuteRequest),
        };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.Token);
        message.Options.Set(SlaveRequestOptions.AttemptTimeout, attemptTimeout);
        message.Options.Set(SlaveRequestOptions.Idempotent, !string.IsNullOrEmpty(request.TaskId));
        return await SendAsync(slave, message, D8JsonContext.Default.ExecuteResponse, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Asks the slave to kill a running task (<c>POST /api/tasks/{task_id}/cancel</c>). Returns its answer, or
    /// <see langword="null"/> when the slave does not know the task, or is an old slave without the route (404/405).
    /// </summary>
    public async Task<ExecuteResponse?> CancelAsync(SlaveInfo slave, string taskId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(slave);
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(slave.BaseAddress, $"api/tasks/{Uri.EscapeDataString(taskId)}/cancel"));
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.Token);
        message.Options.Set(SlaveRequestOptions.AttemptTimeout, _options.Resilience.AttemptTimeout);
        message.Options.Set(SlaveRequestOptions.Idempotent, true);
        try
        {
            return await SendAsync(slave, message, D8JsonContext.Default.ExecuteResponse, cancellationToken).ConfigureAwait(false);
        }
        catch (SlaveRequestException ex) when (ex.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed)
        {
            return null;
        }
    }

    private async Task<T> GetAsync<T>(SlaveInfo slave, string path, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(slave);
        using var message = new HttpRequestMessage(HttpMethod.Get, new Uri(slave.BaseAddress, path));
        message.Options.Set(SlaveRequestOptions.AttemptTimeout, _options.Resilience.AttemptTimeout);
        return await SendAsync(slave, message, typeInfo, cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> SendAsync<T>(SlaveInfo slave, HttpRequestMessage message, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        var what = $"{message.Method} {message.RequestUri}";
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
