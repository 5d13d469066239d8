using System.Globalization;
using System.Net;
using System.Text.Json;
using D8.Distributed.Contracts;
using D8.Distributed.Slave.Tests.Infrastructure;

namespace D8.Distributed.Slave.Tests;

/// <summary>Cancel (<c>POST /api/tasks/{id}/cancel</c>), task status (<c>GET /api/tasks/{id}</c>) and resume-only execute.</summary>
public sealed class TaskRoutesTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public TaskRoutesTests() => Requirements.Python3();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Cancel_TaskWaitingForASlot_NeverStartsAndItsResultIsKept()
    {
        await using var server = await SlaveServer.StartAsync(o => { o.MaxConcurrentTasks = 1; o.MaxQueuedTasks = 1; });
        var (started, release, sideEffect) = (_temp.Combine("started"), _temp.Combine("release"), _temp.Combine("side-effect"));
        var first = server.ExecuteAsync(new ExecuteRequest { TaskId = "holder", Command = Scripts.WaitForRelease(started, release, "print('first')") });
        await Poll.UntilAsync(() => File.Exists(started), "the first task to run");
        var queued = server.ExecuteAsync(new ExecuteRequest { TaskId = "queued", Command = $"open({Scripts.Quote(sideEffect)}, 'w').write('ran')" });
        await Poll.UntilAsync(async () => (await server.HealthAsync()).QueuedTasks == 1, "the second task to be queued");

        var cancelled = await server.CancelAsync("queued");

        Assert.True(cancelled.Cancelled);
        Assert.False(cancelled.Success);
        Assert.Contains("never started", cancelled.Error, StringComparison.Ordinal);
        Assert.Equal(Json(cancelled), Json(await queued));
        Assert.Equal(0, (await server.HealthAsync()).QueuedTasks);
        await File.WriteAllTextAsync(release, "");
        Assert.Equal("first\n", (await first).Output);
        var status = await server.TaskAsync("queued");
        Assert.Equal(SlaveTaskStatusResponse.Finished, status.Status);
        Assert.Equal(Json(cancelled), Json(status.Result!));
        Assert.False(File.Exists(sideEffect), "a task cancelled while queued must never start");
    }

    [Fact]
    public async Task Cancel_FinishedTask_Returns200WithTheStoredResultNotCancelled()
    {
        await using var server = await SlaveServer.StartAsync();
        var done = await server.ExecuteAsync(new ExecuteRequest { TaskId = "done", Command = "print(6*7)" });

        var cancelled = await server.CancelAsync("done");

        Assert.False(cancelled.Cancelled);
        Assert.True(cancelled.Success);
        Assert.Equal(Json(done), Json(cancelled));
    }

    [Fact]
    public async Task Cancel_UnknownTask_Returns404Json()
    {
        await using var server = await SlaveServer.StartAsync();

        using var response = await server.SendAsync(HttpMethod.Post, "/api/tasks/no-such-task/cancel");

        Assert.Equal("Unknown task 'no-such-task'", await ResponseAssert.ErrorAsync(response, HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task Cancel_WithoutOrWithWrongToken_Returns401AndTheTaskKeepsRunning()
    {
        await using var server = await SlaveServer.StartAsync();
        var (started, release) = (_temp.Combine("started"), _temp.Combine("release"));
        var running = server.ExecuteAsync(new ExecuteRequest { TaskId = "guarded", Command = Scripts.WaitForRelease(started, release, "print('finished')") });
        await Poll.UntilAsync(() => File.Exists(started), "the task to run");

        using var missing = await server.SendAsync(HttpMethod.Post, "/api/tasks/guarded/cancel", token: null);
        using var wrong = await server.SendAsync(HttpMethod.Post, "/api/tasks/guarded/cancel", token: "wrong");

        Assert.Equal("Unauthorized", await ResponseAssert.ErrorAsync(missing, HttpStatusCode.Unauthorized));
        Assert.Equal("Unauthorized", await ResponseAssert.ErrorAsync(wrong, HttpStatusCode.Unauthorized));
        Assert.Equal(SlaveTaskStatusResponse.Running, (await server.TaskAsync("guarded")).Status);
        await File.WriteAllTextAsync(release, "");
        var result = await running;
        Assert.Equal(("finished\n", false), (result.Output, result.Cancelled));
    }

    [Fact]
    public async Task GetTask_RunningThenFinished_ReportsTheStatusAndThenTheResult()
    {
        await using var server = await SlaveServer.StartAsync();
        var (started, release) = (_temp.Combine("started"), _temp.Combine("release"));
        var running = server.ExecuteAsync(new ExecuteRequest { TaskId = "watched", Command = Scripts.WaitForRelease(started, release, "print('done')") });
        await Poll.UntilAsync(() => File.Exists(started), "the task to run");

        var during = await server.TaskAsync("watched");
        await File.WriteAllTextAsync(release, "");
        var result = await running;
        var after = await server.TaskAsync("watched");

        Assert.Equal(("watched", SlaveTaskStatusResponse.Running, null), (during.TaskId, during.Status, during.Result));
        Assert.Equal(("watched", SlaveTaskStatusResponse.Finished), (after.TaskId, after.Status));
        Assert.Equal(Json(result), Json(after.Result!));
    }

    [Fact]
    public async Task GetTask_UnknownOrWithoutToken_Returns404Or401Json()
    {
        await using var server = await SlaveServer.StartAsync();
        await server.ExecuteAsync(new ExecuteRequest { TaskId = "known", Command = "print(1)" });

        using var unknown = await server.SendAsync(HttpMethod.Get, "/api/tasks/unknown-id");
        using var noToken = await server.SendAsync(HttpMethod.Get, "/api/tasks/known", token: null);
        using var untracked = await server.SendAsync(HttpMethod.Get, "/api/tasks/" + (await server.ExecuteAsync(new ExecuteRequest { Command = "print(2)" })).TaskId);

        Assert.Equal("Unknown task 'unknown-id'", await ResponseAssert.ErrorAsync(unknown, HttpStatusCode.NotFound));
        Assert.Equal("Unauthorized", await ResponseAssert.ErrorAsync(noToken, HttpStatusCode.Unauthorized));
        // A task sent without a task_id gets an id in its response, but nothing is kept for it.
        await ResponseAssert.ErrorAsync(untracked, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Execute_ResumeOnlyUnknownTask_Returns404AndRunsNothing()
    {
        await using var server = await SlaveServer.StartAsync();
        var sideEffect = _temp.Combine("side-effect");
        var body = JsonSerializer.Serialize(
            new ExecuteRequest { TaskId = "forgotten", ResumeOnly = true, Command = $"open({Scripts.Quote(sideEffect)}, 'w').write('ran')" },
            D8JsonContext.Default.ExecuteRequest);

        using var response = await server.PostRawAsync(body);
        using var status = await server.SendAsync(HttpMethod.Get, "/api/tasks/forgotten");

        Assert.Equal("Unknown task 'forgotten'", await ResponseAssert.ErrorAsync(response, HttpStatusCode.NotFound));
        await ResponseAssert.ErrorAsync(status, HttpStatusCode.NotFound);
        Assert.False(File.Exists(sideEffect), "a resume-only execute of an unknown task must not run it");
    }

    [Fact]
    public async Task Execute_ResumeOnlyRunningTask_JoinsItWithoutRunningAgain()
    {
        await using var server = await SlaveServer.StartAsync(o => o.MaxConcurrentTasks = 4);
        var (started, release, ledger) = (_temp.Combine("started"), _temp.Combine("release"), _temp.Combine("ledger"));
        var request = new ExecuteRequest
        {
            TaskId = "rejoin",
            Command = Scripts.WaitForRelease(started, release, $"open({Scripts.Quote(ledger)}, 'a').write('ran\\n'); print('once')"),
        };
        var original = server.ExecuteAsync(request);
        await Poll.UntilAsync(() => File.Exists(started), "the task to run");

        var resumed = server.ExecuteAsync(request with { ResumeOnly = true });
        await Poll.UntilAsync(async () => (await server.HealthAsync()).RunningTasks == 1, "the slave to report the one run");
        Assert.False(resumed.IsCompleted);
        await File.WriteAllTextAsync(release, "");
        var results = await Task.WhenAll(original, resumed);
        var afterwards = await server.ExecuteAsync(request with { ResumeOnly = true });

        Assert.Equal(["ran"], await File.ReadAllLinesAsync(ledger));
        Assert.Equal("once\n", results[0].Output);
        Assert.Equal(Json(results[0]), Json(results[1]));
        Assert.Equal(Json(results[0]), Json(afterwards));
    }

    [Fact]
    public async Task Execute_ResumeOnlyWithoutTaskId_Returns400NamingTheProblem()
    {
        await using var server = await SlaveServer.StartAsync();

        using var response = await server.PostRawAsync("""{"command":"print(1)","resume_only":true}""");

        Assert.Equal(
            "resume_only needs a task_id: it only joins or answers a task the slave already knows",
            await ResponseAssert.ErrorAsync(response, HttpStatusCode.BadRequest));
    }

    /// <summary>
    /// Whether the process is gone: no <c>/proc/&lt;pid&gt;</c>, or a zombie. A killed child whose parent died too is
    /// re-parented to init, which may not reap it at once (or ever, in some containers); a zombie runs nothing.
    /// </summary>
    internal static bool IsGone(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[stat.LastIndexOf(')') + 2];
            return state is 'Z' or 'X';
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return true;
        }
    }

    internal static string Json(ExecuteResponse response) => JsonSerializer.Serialize(response, D8JsonContext.Default.ExecuteResponse);
}
