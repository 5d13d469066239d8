using System.Net;
using System.Text;
using D8.Testing.Slaves;

namespace D8.Distributed.Contracts.Tests.MasterApi;

/// <summary>
/// How the typed client maps answers: DTOs for 2xx, <see cref="D8MasterApiException"/> with the server's message for
/// the rest, connection failures passed through. The answers come from a scripted handler here; the client against
/// the real master is tested in D8.Dashboard.Tests.
/// </summary>
public sealed class D8MasterClientTests
{
    [Fact]
    public void Constructor_NoBaseAddress_ThrowsSayingWhatToSet()
    {
        using var http = new HttpClient();

        var error = Assert.Throws<ArgumentException>("httpClient", () => new D8MasterClient(http));

        Assert.Contains("BaseAddress", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>("httpClient", () => new D8MasterClient(null!));
    }

    [Fact]
    public async Task GetTaskAsync_404WithErrorBody_ThrowsWithStatusAndTheServersMessage()
    {
        using var http = Scripted(_ => Json(HttpStatusCode.NotFound, """{"error":"Task 'nope' was not found."}"""));
        var client = new D8MasterClient(http);

        var error = await Assert.ThrowsAsync<D8MasterApiException>(() => client.GetTaskAsync("nope"));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("Task 'nope' was not found.", error.Message);
        Assert.Null(error.RetryAfter);
    }

    [Fact]
    public async Task SubmitTaskAsync_503WithRetryAfter_CarriesTheWait()
    {
        using var http = Scripted(_ =>
        {
            var response = Json(HttpStatusCode.ServiceUnavailable, """{"error":"The task queue is full"}""");
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(5));
            return response;
        });
        var client = new D8MasterClient(http);

        var error = await Assert.ThrowsAsync<D8MasterApiException>(() => client.SubmitTaskAsync(new TaskSubmitRequest { Command = "pass" }));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), error.RetryAfter);
    }

    [Fact]
    public async Task ListSlavesAsync_ErrorWithoutD8Body_NamesTheStatusAndTheUrl()
    {
        using var http = Scripted(_ => new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent("<html>bad gateway</html>", Encoding.UTF8, "text/html") });
        var client = new D8MasterClient(http);

        var error = await Assert.ThrowsAsync<D8MasterApiException>(() => client.ListSlavesAsync());

        Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
        Assert.Contains("answered 502", error.Message, StringComparison.Ordinal);
        Assert.Contains("http://master.test:7500/api/v1/slaves", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetHealthAsync_200ThatIsNotOurJson_ThrowsSayingItIsNoD8Master()
    {
        using var http = Scripted(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("<html>router login</html>") });
        var client = new D8MasterClient(http);

        var error = await Assert.ThrowsAsync<D8MasterApiException>(() => client.GetHealthAsync());

        Assert.Contains("is this URL a D8 master?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyCall_MasterNotListening_PassesHttpRequestExceptionThrough()
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{DeadEndpoints.RefusingPort()}") };
        var client = new D8MasterClient(http, "token");

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetHealthAsync());
    }

    [Fact]
    public async Task Calls_WithToken_SendBearerOnEachRequestAndKeepThePathPrefix()
    {
        var seen = new List<HttpRequestMessage>();
        using var http = Scripted(
            request =>
            {
                seen.Add(request);
                return Json(HttpStatusCode.OK, "[]");
            },
            new Uri("http://master.test:7500/d8"));
        var client = new D8MasterClient(http, " s3cret ");

        await client.ListSlavesAsync();
        await client.ListRequestsAsync("pending");

        Assert.Equal(new Uri("http://master.test:7500/d8/api/v1/slaves"), seen[0].RequestUri);
        Assert.Equal(new Uri("http://master.test:7500/d8/api/v1/requests?status=pending"), seen[1].RequestUri);
        Assert.All(seen, request => Assert.Equal("Bearer s3cret", request.Headers.Authorization?.ToString()));
        Assert.Null(http.DefaultRequestHeaders.Authorization);
    }

    [Fact]
    public async Task CancelTaskAsync_409WithTheTask_ReturnsNotCancelledWithTheTask()
    {
        using var http = Scripted(_ => Json(HttpStatusCode.Conflict, """{"error":"Task 't' is already succeeded: there is nothing to cancel.","task":{"task_id":"t","status":"succeeded","command":"pass","method":"auto","task_type":"default"}}"""));
        var client = new D8MasterClient(http);

        var outcome = await client.CancelTaskAsync("t");

        Assert.False(outcome.Cancelled);
        Assert.Equal("succeeded", outcome.Task.Status);
    }

    [Fact]
    public async Task WaitForTaskAsync_NotFinalUntilTheTimeout_ReturnsTheTaskAsItIs()
    {
        var polls = new List<Uri>();
        using var http = Scripted(request =>
        {
            polls.Add(request.RequestUri!);
            return Json(HttpStatusCode.Accepted, """{"task_id":"t","status":"queued","command":"pass","method":"auto","task_type":"default"}""");
        });
        var client = new D8MasterClient(http);

        var task = await client.WaitForTaskAsync("t", TimeSpan.Zero);

        Assert.Equal("queued", task.Status);
        Assert.Equal(new Uri("http://master.test:7500/api/v1/tasks/t/wait?timeout_seconds=0"), Assert.Single(polls));
    }

    [Fact]
    public async Task Calls_EmptyId_ThrowBeforeSending()
    {
        using var http = Scripted(_ => throw new InvalidOperationException("must not be sent"));
        var client = new D8MasterClient(http);

        await Assert.ThrowsAsync<ArgumentException>("taskId", () => client.GetTaskAsync(" "));
        await Assert.ThrowsAsync<ArgumentException>("slaveId", () => client.DrainSlaveAsync(""));
        await Assert.ThrowsAsync<ArgumentException>("requestId", () => client.ApproveRequestAsync(" "));
    }

    private static HttpClient Scripted(Func<HttpRequestMessage, HttpResponseMessage> answer, Uri? baseAddress = null) =>
        new(new ScriptedHandler(answer)) { BaseAddress = baseAddress ?? new Uri("http://master.test:7500") };

    private static HttpResponseMessage Json(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    private sealed class ScriptedHandler(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = answer(request);
            response.RequestMessage = request;
            return Task.FromResult(response);
        }
    }
}
