using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using D8.Distributed.Contracts;

namespace D8.Distributed.Slave.Tests.Infrastructure;

/// <summary>
/// A slave's HTTP API at a base address, and nothing else: the wire tests (the ...TestsBase classes) use only this, so
/// they run against the in-process <see cref="SlaveServer"/> and against the published NativeAOT d8-slave alike.
/// </summary>
public sealed class SlaveClient(Uri baseAddress) : IDisposable
{
    public const string Token = SlaveServer.Token;

    public HttpClient Client { get; } = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };

    /// <summary>Posts a raw JSON body to /api/execute.</summary>
    public Task<HttpResponseMessage> PostRawAsync(string json, string? token = Token, CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/execute") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return Client.SendAsync(request, cancellationToken);
    }

    /// <summary>Sends a bodiless request (the task routes) with the token, or none when <paramref name="token"/> is <see langword="null"/>.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token = Token)
    {
        var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return Client.SendAsync(request);
    }

    /// <summary><c>POST /api/tasks/{id}/cancel</c>, expecting 200 with an execute response.</summary>
    public async Task<ExecuteResponse> CancelAsync(string taskId)
    {
        using var response = await SendAsync(HttpMethod.Post, $"/api/tasks/{taskId}/cancel");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Expected 200 but got {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize(body, D8JsonContext.Default.ExecuteResponse)!;
    }

    /// <summary><c>GET /api/tasks/{id}</c>, expecting 200 with the task's status.</summary>
    public async Task<SlaveTaskStatusResponse> TaskAsync(string taskId)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/api/tasks/{taskId}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Expected 200 but got {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize(body, D8JsonContext.Default.SlaveTaskStatusResponse)!;
    }

    /// <summary>Posts an execute request and expects 200 with an execute response.</summary>
    public async Task<ExecuteResponse> ExecuteAsync(ExecuteRequest request, CancellationToken cancellationToken = default)
    {
        using var response = await PostRawAsync(JsonSerializer.Serialize(request, D8JsonContext.Default.ExecuteRequest), cancellationToken: cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"Expected 200 but got {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize(body, D8JsonContext.Default.ExecuteResponse)!;
    }

    public async Task<HealthResponse> HealthAsync()
    {
        var body = await Client.GetStringAsync("/api/health");
        return JsonSerializer.Deserialize(body, D8JsonContext.Default.HealthResponse)!;
    }

    public void Dispose() => Client.Dispose();
}
