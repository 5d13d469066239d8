using System.Net;
using D8.Distributed.Contracts;
using D8.Distributed.Core.Internal;
using D8.Distributed.Core.Tests.Support;
using D8.Testing;
using D8.Testing.Slaves;
using Microsoft.Extensions.DependencyInjection;

namespace D8.Distributed.Core.Tests.Client;

/// <summary>The client's task calls (cancel, status, resume-only execute) against a real slave and an old one.</summary>
public sealed class SlaveClientTaskTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task CancelAsync_RunningTaskOnARealSlave_KillsItAndTheTaskAnswersCancelledFromThenOn()
    {
        Requirements.Python3();
        await using var slave = await RealSlave.StartAsync();
        await using var master = new MasterHost();
        var info = await master.AddAsync("pc", slave.Port);
        var client = master.Services.GetRequiredService<SlaveClientFactory>().Create();
        var started = _temp.Combine("started");
        var request = new ExecuteRequest
        {
            TaskId = "t-cancel",
            TimeoutSeconds = 120,
            Command = $"import time; open({Quote(started)}, 'w').close(); time.sleep(60)",
        };

        var running = client.ExecuteAsync(info, request, TimeSpan.FromSeconds(130), CancellationToken.None);
        await Poll.UntilAsync(() => File.Exists(started), "the task to start on the slave");
        var during = await client.GetTaskAsync(info, "t-cancel", CancellationToken.None);
        var cancelled = await client.CancelAsync(info, "t-cancel", CancellationToken.None);
        var original = await running;
        var after = await client.GetTaskAsync(info, "t-cancel", CancellationToken.None);
        var resumed = await client.ExecuteAsync(info, request with { ResumeOnly = true }, TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.Equal(SlaveTaskStatusResponse.Running, during?.Status);
        Assert.NotNull(cancelled);
        Assert.True(cancelled.Cancelled);
        Assert.False(cancelled.Success);
        Assert.Equal(cancelled, original);
        Assert.Equal(SlaveTaskStatusResponse.Finished, after?.Status);
        Assert.Equal(cancelled, after?.Result);
        Assert.Equal(cancelled, resumed);
    }

    [Fact]
    public async Task TaskCalls_UnknownTaskOnARealSlave_AreNullOrSlaveTaskUnknownException()
    {
        Requirements.Python3();
        await using var slave = await RealSlave.StartAsync();
        await using var master = new MasterHost();
        var info = await master.AddAsync("pc", slave.Port);
        var client = master.Services.GetRequiredService<SlaveClientFactory>().Create();
        var sideEffect = _temp.Combine("side-effect");

        var cancelled = await client.CancelAsync(info, "nobody", CancellationToken.None);
        var status = await client.GetTaskAsync(info, "nobody", CancellationToken.None);
        var error = await Assert.ThrowsAsync<SlaveTaskUnknownException>(() => client.ExecuteAsync(
            info,
            new ExecuteRequest { TaskId = "nobody", ResumeOnly = true, Command = $"open({Quote(sideEffect)}, 'w').write('ran')" },
            TimeSpan.FromSeconds(5),
            CancellationToken.None));

        Assert.Null(cancelled);
        Assert.Null(status);
        Assert.Equal(("pc", "nobody", HttpStatusCode.NotFound), (error.SlaveId, error.TaskId, error.StatusCode));
        Assert.IsAssignableFrom<SlaveRequestException>(error);
        Assert.False(File.Exists(sideEffect), "a resume-only execute of an unknown task must run nothing");
        Assert.Null(await client.GetTaskAsync(info, "nobody", CancellationToken.None));
    }

    [Fact]
    public async Task TaskCalls_WrongTokenOnARealSlave_ThrowSlaveRequestException()
    {
        Requirements.Python3();
        await using var slave = await RealSlave.StartAsync(options => options.AuthToken = "another-token");
        await using var master = new MasterHost();
        var info = await master.AddAsync("pc", slave.Port);
        var client = master.Services.GetRequiredService<SlaveClientFactory>().Create();

        var cancel = await Assert.ThrowsAsync<SlaveRequestException>(() => client.CancelAsync(info, "t", CancellationToken.None));
        var status = await Assert.ThrowsAsync<SlaveRequestException>(() => client.GetTaskAsync(info, "t", CancellationToken.None));

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (cancel.StatusCode, status.StatusCode));
        Assert.IsNotType<SlaveTaskUnknownException>(cancel);
    }

    [Fact]
    public async Task TaskCalls_OldSlaveWithoutTheRoutes_AreNullAndResumeOnlyPostsNothing()
    {
        // The recorded Python slave has no task routes and ignores resume_only: posting would run the task again.
        await using var slave = await FakeSlave.StartAsync();
        await using var master = new MasterHost();
        var info = await master.AddAsync("old", slave);
        var client = master.Services.GetRequiredService<SlaveClientFactory>().Create();

        var cancelled = await client.CancelAsync(info, "t-old", CancellationToken.None);
        var status = await client.GetTaskAsync(info, "t-old", CancellationToken.None);
        await Assert.ThrowsAsync<SlaveTaskUnknownException>(() => client.ExecuteAsync(
            info,
            new ExecuteRequest { TaskId = "t-old", ResumeOnly = true, Command = "print(1)" },
            TimeSpan.FromSeconds(5),
            CancellationToken.None));

        Assert.Null(cancelled);
        Assert.Null(status);
        Assert.Equal(0, slave.ExecuteRequests);
    }

    private static string Quote(string text) => "'" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";
}
