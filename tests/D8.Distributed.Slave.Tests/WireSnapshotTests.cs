using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using D8.Distributed.Slave.Tests.Infrastructure;
using Snapshooter.Xunit;

namespace D8.Distributed.Slave.Tests;

/// <summary>Snapshots of the wire JSON, so any change to it is deliberate. Machine-specific values are normalised.</summary>
public sealed class WireSnapshotTests : IAsyncLifetime
{
    private SlaveServer _server = null!;

    public async Task InitializeAsync()
    {
        Requirements.Python3();
        _server = await SlaveServer.StartAsync(o => { o.MaxConcurrentTasks = 2; o.Capabilities.Add("gpu"); o.AllowShell = false; });
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Health_Json_MatchesSnapshot()
    {
        var body = await _server.Client.GetStringAsync("/api/health");

        Snapshot.Match(Pretty(Normalise(body, "python_version", "hostname", "os", "cpu_count", "uptime_seconds")));
    }

    [Fact]
    public async Task Version_Json_MatchesSnapshot()
    {
        Snapshot.Match(Pretty(Normalise(await _server.Client.GetStringAsync("/api/version"))));
    }

    [Fact]
    public async Task Execute_SuccessAndFailureJson_MatchSnapshot()
    {
        using var success = await _server.PostRawAsync("""{"command":"print(6*7)","task_id":"snap-ok"}""");
        using var failure = await _server.PostRawAsync("""{"command":"import sys\nprint('partial')\nsys.exit('boom')","task_id":"snap-fail"}""");

        Snapshot.Match(Pretty(new JsonObject
        {
            ["success"] = Normalise(await success.Content.ReadAsStringAsync(), "duration_ms"),
            ["failure"] = Normalise(await failure.Content.ReadAsStringAsync(), "duration_ms"),
        }));
    }

    [Fact]
    public async Task Execute_ErrorBodies_MatchSnapshot()
    {
        var bodies = new JsonObject();
        async Task Add(string name, string json, string? token = SlaveServer.Token)
        {
            using var response = await _server.PostRawAsync(json, token);
            bodies[name] = new JsonObject { ["status"] = (int)response.StatusCode, ["body"] = Normalise(await response.Content.ReadAsStringAsync()) };
        }

        await Add("unauthorized", """{"command":"print(1)"}""", "wrong");
        await Add("no-command", "{}");
        await Add("malformed", """{"command":""");
        await Add("wrong-type", """{"command":"print(1)","timeout_seconds":"10"}""");
        await Add("unknown-method", """{"command":"print(1)","method":"perl"}""");
        await Add("unavailable-method", """{"command":"print(1)","method":"shell"}""");
        await Add("negative-timeout", """{"command":"print(1)","timeout_seconds":-5}""");
        await Add("missing-working-dir", """{"command":"print(1)","working_dir":"/no/such/d8/dir"}""");
        await Add("too-large", """{"command":" """ + new string('x', 1024 * 1024) + "\"}");

        Assert.Equal((int)HttpStatusCode.RequestEntityTooLarge, bodies["too-large"]!["status"]!.GetValue<int>());
        Snapshot.Match(Pretty(bodies));
    }

    [Fact]
    public async Task Tasks_StatusCancelAndResumeJson_MatchSnapshot()
    {
        using var temp = new TempDirectory();
        var (started, release) = (temp.Combine("started"), temp.Combine("release"));
        var bodies = new JsonObject();
        async Task Add(string name, HttpMethod method, string path, string? json = null)
        {
            using var request = new HttpRequestMessage(method, path);
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", SlaveServer.Token);
            if (json is not null)
            {
                request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
            }

            using var response = await _server.Client.SendAsync(request);
            var body = Normalise(await response.Content.ReadAsStringAsync(), "duration_ms");
            if (body["result"] is JsonObject result && result["duration_ms"] is { } duration)
            {
                result["duration_ms"] = $"<{duration.GetValueKind().ToString().ToLowerInvariant()}>";
            }

            bodies[name] = new JsonObject { ["status"] = (int)response.StatusCode, ["body"] = body };
        }

        using var done = await _server.PostRawAsync("""{"command":"print(6*7)","task_id":"snap-done"}""");
        var running = _server.PostRawAsync($$"""{"command":{{JsonSerializer.Serialize(Scripts.WaitForRelease(started, release))}},"task_id":"snap-cancel"}""");
        await Poll.UntilAsync(() => File.Exists(started), "the task to be cancelled to run");

        await Add("status-running", HttpMethod.Get, "/api/tasks/snap-cancel");
        await Add("cancel-running", HttpMethod.Post, "/api/tasks/snap-cancel/cancel");
        await Add("status-cancelled", HttpMethod.Get, "/api/tasks/snap-cancel");
        await Add("status-finished", HttpMethod.Get, "/api/tasks/snap-done");
        await Add("cancel-finished", HttpMethod.Post, "/api/tasks/snap-done/cancel");
        await Add("cancel-unknown", HttpMethod.Post, "/api/tasks/snap-unknown/cancel");
        await Add("status-unknown", HttpMethod.Get, "/api/tasks/snap-unknown");
        await Add("resume-unknown", HttpMethod.Post, "/api/execute", """{"command":"print(1)","task_id":"snap-unknown","resume_only":true}""");
        await Add("resume-without-task-id", HttpMethod.Post, "/api/execute", """{"command":"print(1)","resume_only":true}""");
        using var cancelledExecute = await running;
        Assert.Equal(HttpStatusCode.OK, cancelledExecute.StatusCode);

        Snapshot.Match(Pretty(bodies));
    }

    /// <summary>Parses the JSON with the named machine- or time-dependent values replaced by their kind.</summary>
    private static JsonObject Normalise(string json, params string[] volatileFields)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        foreach (var field in volatileFields)
        {
            if (node[field] is { } value)
            {
                node[field] = $"<{value.GetValueKind().ToString().ToLowerInvariant()}>";
            }
        }

        return node;
    }

    private static string Pretty(JsonNode node) =>
        node.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
