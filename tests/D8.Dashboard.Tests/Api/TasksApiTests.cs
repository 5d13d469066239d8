using System.Net;
using D8.Dashboard.Tests.Support;
using D8.Distributed.Contracts;
using D8.Distributed.Core;
using Microsoft.Extensions.DependencyInjection;

namespace D8.Dashboard.Tests.Api;

/// <summary><c>/api/v1/tasks</c> through the typed client and raw HTTP, on the real queue and real slaves.</summary>
public sealed class TasksApiTests
{
    [Fact]
    public async Task SubmitWaitGet_OnARealSlave_RunsToCompletionWithoutKeepingEnvValues()
    {
        await using var host = await MasterApiHost.StartAsync();
        await host.AddHealthySlaveAsync("pc-1");

        var queued = await host.Client.SubmitTaskAsync(new TaskSubmitRequest
        {
            Command = "import os\nprint(6*7, len(os.environ['API_SECRET']))",
            Env = new Dictionary<string, string> { ["API_SECRET"] = "hunter2-value" },
            TaskType = "answer",
            Priority = 7,
            SubmittedBy = "test",
        });
        var finished = await host.Client.WaitForTaskAsync(queued.TaskId, TimeSpan.FromSeconds(60));
        var fetched = await host.Client.GetTaskAsync(queued.TaskId);
        var (_, raw, _) = await ApiCalls.GetAsync(host.Raw, $"/api/v1/tasks/{queued.TaskId}");

        Assert.Equal("queued", queued.Status);
        Assert.Equal(("succeeded", "42 13\n", 0, "pc-1"), (finished.Status, finished.Output, finished.ExitCode, finished.SlaveId));
        Assert.Equal(("answer", 7, "test"), (fetched.TaskType, fetched.Priority, fetched.SubmittedBy));
        Assert.Equal(["API_SECRET"], fetched.EnvNames);
        Assert.NotNull(fetched.StartedAt);
        Assert.NotNull(fetched.FinishedAt);
        Assert.True(fetched.Attempts >= 1);
        Assert.DoesNotContain("hunter2-value", raw!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_SameTaskIdTwice_StoresOneTask()
    {
        await using var host = await MasterApiHost.StartAsync();

        var first = await host.Client.SubmitTaskAsync(new TaskSubmitRequest { Command = "print(1)", TaskId = "once-only" });
        var (status, body, response) = await ApiCalls.PostAsync(host.Raw, "/api/v1/tasks", """{"command":"print(2)","task_id":"once-only"}""");
        var page = await host.Client.ListTasksAsync();

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("print(1)", body!["command"]!.GetValue<string>());
        Assert.Equal(first.Sequence, body["sequence"]!.GetValue<long>());
        Assert.Equal("/api/v1/tasks/once-only", response.Headers.Location?.ToString());
        Assert.Equal("once-only", Assert.Single(page.Tasks).TaskId);
    }

    [Fact]
    public async Task Submit_QueueFull_Is503WithRetryAfter()
    {
        await using var host = await MasterApiHost.StartAsync(o => (o.Queue.MaxQueuedTasks, o.Queue.RetryAfter) = (1, TimeSpan.FromSeconds(7)));
        await host.Client.SubmitTaskAsync(new TaskSubmitRequest { Command = "pass" });

        var (status, body, response) = await ApiCalls.PostAsync(host.Raw, "/api/v1/tasks", """{"command":"pass"}""");
        var typed = await Assert.ThrowsAsync<D8MasterApiException>(() => host.Client.SubmitTaskAsync(new TaskSubmitRequest { Command = "pass" }));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("The task queue is full", ApiCalls.Error(body), StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
        Assert.Equal((HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(7)), (typed.StatusCode, typed.RetryAfter));
    }

    [Theory]
    [InlineData("""{"method":"python"}""", "No command provided: 'command' is required")]
    [InlineData("""{"command":"   "}""", "No command provided")]
    [InlineData("""{"command":"pass","priority":12}""", "'priority' must be 0-9")]
    [InlineData("""{"command":"pass","priority":-1}""", "'priority' must be 0-9")]
    [InlineData("""{"command":"pass","priority":"9"}""", "'priority' must be a whole number (at $.priority)")]
    [InlineData("""{"command":"pass","timeout_seconds":0}""", "'timeout_seconds' must be more than 0")]
    [InlineData("""{"command":"pass","method":"perl"}""", "'method' must be one of auto, docker, venv, python, shell")]
    [InlineData("""{"command":"pass","task_id":"a b"}""", "'task_id' must be 1-128 letters")]
    [InlineData("""{"command":"pass","max_retries":1000}""", "'max_retries' must be 0-100")]
    [InlineData("""{"command":"print(1)\u0000"}""", "'command' contains a NUL character")]
    [InlineData("""{"command":"pass","env":{"A":1}}""", "'env' must be an object whose values are strings")]
    [InlineData("""{"command":"pass","env":{"A=B":"1"}}""", "'env' has the name 'A=B'")]
    [InlineData("""{"command":"pass","capabilities":[""]}""", "'capabilities' must not hold an empty name")]
    [InlineData("""{"command":"pass",""", "Invalid JSON:")]
    [InlineData("""[1,2]""", "Invalid JSON: the body must be a JSON object")]
    [InlineData("", "No command provided")]
    public async Task Submit_BadBody_Is400NamingTheProblem(string json, string expected)
    {
        await using var host = await MasterApiHost.StartAsync();

        var (status, body, _) = await ApiCalls.PostAsync(host.Raw, "/api/v1/tasks", json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(expected, ApiCalls.Error(body), StringComparison.Ordinal);
        Assert.Empty((await host.Client.ListTasksAsync()).Tasks);
    }

    [Fact]
    public async Task Submit_InvalidUtf8_Is400SayingSo()
    {
        await using var host = await MasterApiHost.StartAsync();
        using var content = new ByteArrayContent([(byte)'{', (byte)'"', (byte)'c', 0xFF, (byte)'"', (byte)':', (byte)'1', (byte)'}']);

        using var response = await host.Raw.PostAsync(new Uri("/api/v1/tasks", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not valid UTF-8", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("?status=done", "'status': unknown task status 'done' (use queued, running, succeeded, failed, timed_out, cancelled, lost")]
    [InlineData("?limit=0", "'limit' must be a whole number 1-1000 (got '0')")]
    [InlineData("?limit=1001", "'limit' must be a whole number 1-1000")]
    [InlineData("?limit=ten", "'limit' must be a whole number 1-1000")]
    [InlineData("?limit=5&limit=6", "'limit' is given 2 times")]
    [InlineData("?before=-3", "'before' must be a positive whole number")]
    public async Task List_BadQuery_Is400NamingTheParameter(string query, string expected)
    {
        await using var host = await MasterApiHost.StartAsync();

        var (status, body, _) = await ApiCalls.GetAsync(host.Raw, "/api/v1/tasks" + query);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(expected, ApiCalls.Error(body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_StatusFilterAndPaging_NewestFirst()
    {
        await using var host = await MasterApiHost.StartAsync();
        for (var i = 1; i <= 3; i++)
        {
            await host.Client.SubmitTaskAsync(new TaskSubmitRequest { Command = "pass", TaskId = $"t-{i}" });
        }

        await host.Client.CancelTaskAsync("t-2");

        var first = await host.Client.ListTasksAsync(limit: 2);
        var second = await host.Client.ListTasksAsync(limit: 2, before: first.NextBefore);
        var queued = await host.Client.ListTasksAsync("queued");
        var several = await host.Client.ListTasksAsync("cancelled,succeeded");

        Assert.Equal(["t-3", "t-2"], first.Tasks.Select(t => t.TaskId));
        Assert.NotNull(first.NextBefore);
        Assert.Equal(["t-1"], second.Tasks.Select(t => t.TaskId));
        Assert.Null(second.NextBefore);
        Assert.Equal(["t-3", "t-1"], queued.Tasks.Select(t => t.TaskId));
        Assert.Equal(["t-2"], several.Tasks.Select(t => t.TaskId));
    }

    [Fact]
    public async Task Wait_TaskStillQueued_Is202WithTheTaskAsItIs()
    {
        await using var host = await MasterApiHost.StartAsync();
        await host.Client.SubmitTaskAsync(new TaskSubmitRequest { Command = "pass", TaskId = "waiting" });

        var (status, body, _) = await ApiCalls.GetAsync(host.Raw, "/api/v1/tasks/waiting/wait?timeout_seconds=0.2");
        var (tooLong, tooLongBody, _) = await ApiCalls.GetAsync(host.Raw, "/api/v1/tasks/waiting/wait?timeout_seconds=301");
        var (negative, _, _) = await ApiCalls.GetAsync(host.Raw, "/api/v1/tasks/waiting/wait?timeout_seconds=-1");

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("queued", body!["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, tooLong);
        Assert.Contains("'timeout_seconds' must be a number 0-300", ApiCalls.Error(tooLongBody), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, negative);
    }

    [Fact]
    public async Task GetWaitCancel_UnknownTask_Are404()
    {
        await using var host = await MasterApiHost.StartAsync();

        foreach (var call in new Func<Task>[]
        {
            () => host.Client.GetTaskAsync("ghost"),
            () => host.Client.WaitForTaskAsync("ghost", TimeSpan.Zero),
            () => host.Client.CancelTaskAsync("ghost"),
        })
        {
            var error = await Assert.ThrowsAsync<D8MasterApiException>(call);
            Assert.Equal((HttpStatusCode.NotFound, "Task 'ghost' was not found."), (error.StatusCode, error.Message));
        }
    }

    [Fact]
    public async Task Cancel_QueuedThenAgain_Is200ThenA409CarryingTheTask()
    {
        await using var host = await MasterApiHost.StartAsync();
        await host.Client.SubmitTaskAsync(new TaskSubmitRequest { Command = "pass", TaskId = "to-cancel" });

        var cancelled = await host.Client.CancelTaskAsync("to-cancel");
        var (status, body, _) = await ApiCalls.PostAsync(host.Raw, "/api/v1/tasks/to-cancel/cancel");
        var again = await host.Client.CancelTaskAsync("to-cancel");

        Assert.True(cancelled.Cancelled);
        Assert.Equal("cancelled", cancelled.Task.Status);
        Assert.Equal(TaskEndpointsReason, cancelled.Task.Reason);
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("Task 'to-cancel' is already cancelled: there is nothing to cancel.", ApiCalls.Error(body));
        Assert.Equal("cancelled", body!["task"]!["status"]!.GetValue<string>());
        Assert.False(again.Cancelled);
        Assert.Equal(D8TaskStatus.Cancelled, (await host.Services.GetRequiredService<ITaskQueue>().GetAsync("to-cancel"))!.Status);
    }

    [Fact]
    public async Task Drain_DrainedSlaveGetsNoTask_UntilUndrained()
    {
        await using var host = await MasterApiHost.StartAsync();
        await host.AddHealthySlaveAsync("pc-1");
        await host.Client.DrainSlaveAsync("pc-1");

        var task = await host.Client.SubmitTaskAsync(new TaskSubmitRequest { Command = "print('ran')", TaskId = "after-drain" });
        var whileDrained = await host.Client.WaitForTaskAsync(task.TaskId, TimeSpan.FromSeconds(1));
        await host.Client.UndrainSlaveAsync("pc-1");
        var afterUndrain = await host.Client.WaitForTaskAsync(task.TaskId, TimeSpan.FromSeconds(60));

        Assert.Equal("queued", whileDrained.Status);
        Assert.Null(whileDrained.SlaveId);
        Assert.Equal(("succeeded", "pc-1", "ran\n"), (afterUndrain.Status, afterUndrain.SlaveId, afterUndrain.Output));
    }

    private const string TaskEndpointsReason = "cancelled through the master API";
}
