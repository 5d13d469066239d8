using System.Text;
using D8.Distributed.Contracts;
using D8.Distributed.Slave.Internal;
using D8.Distributed.Slave.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Slave.Tests.Internal;

/// <summary>The one mapping from the executor's domain result to HTTP, and the wire's execution_methods.</summary>
public sealed class SlaveApiHandlersTests
{
    [Fact]
    public async Task ToHttpResult_CompletedEvenWhenTheCodeFailed_Is200WithTheTaskResult()
    {
        var result = ExecutionResult.Completed(new ExecuteResponse { Success = false, Output = "x", Error = "boom", Method = "python", ExitCode = 1 });

        var (status, retryAfter, body) = await Render(result);

        Assert.Equal((200, null), (status, retryAfter));
        Assert.StartsWith("""{"success":false,"output":"x","error":"boom","method":"python","exit_code":1,""", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ToHttpResult_Refused_Is400WithTheMessageAndNoRetryAfter()
    {
        var (status, retryAfter, body) = await Render(ExecutionResult.Refused("working_dir '/x' does not exist or is not a directory"));

        Assert.Equal((400, null), (status, retryAfter));
        Assert.Equal("""{"error":"working_dir \u0027/x\u0027 does not exist or is not a directory"}""", body);
    }

    [Fact]
    public async Task ToHttpResult_Busy_Is503WithRetryAfter()
    {
        var (status, retryAfter, body) = await Render(ExecutionResult.Busy("Slave at capacity"));

        Assert.Equal((503, "7"), (status, retryAfter));
        Assert.Equal("""{"error":"Slave at capacity"}""", body);
    }

    [Fact]
    public async Task ToHttpResult_Draining_Is503WithRetryAfter()
    {
        var (status, retryAfter, body) = await Render(ExecutionResult.Draining("Slave is shutting down"));

        Assert.Equal((503, "7"), (status, retryAfter));
        Assert.Equal("""{"error":"Slave is shutting down"}""", body);
    }

    [Fact]
    public async Task ToHttpResult_UnknownTask_Is404NamingTheTaskWithoutRetryAfter()
    {
        var (status, retryAfter, body) = await Render(ExecutionResult.UnknownTask("t-1"));

        Assert.Equal((404, null), (status, retryAfter));
        Assert.Equal("""{"error":"Unknown task \u0027t-1\u0027"}""", body);
    }

    [Fact]
    public void ToExecutionMethods_Snapshot_SetsTheFourWireFlagsFromTheMethods()
    {
        using var services = new SlaveServices(extra: s => s.TryAddEnumerable(ServiceDescriptor.Singleton<IExecutionMethod, EchoMethod>()));
        var methods = services.GetAll<IExecutionMethod>();
        var snapshot = new CapabilitySnapshot(
            [.. methods.Select(m => new MethodState(m, m.Name is ExecutionMethod.Venv or ExecutionMethod.Shell or EchoMethod.MethodName ? MethodProbe.Available("/x") : MethodProbe.Unavailable("no")))],
            "3.x",
            DateTimeOffset.UnixEpoch);

        Assert.Equal(new ExecutionMethods(Docker: false, Venv: true, Python: false, Shell: true), SlaveApiHandlers.ToExecutionMethods(snapshot));
    }

    private static async Task<(int Status, string? RetryAfter, string Body)> Render(ExecutionResult result)
    {
        var services = new ServiceCollection().AddLogging();
        services.TryAddSingleton(Options.Create(new Microsoft.AspNetCore.Http.Json.JsonOptions()));
        await using var provider = services.BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = provider };
        using var body = new MemoryStream();
        context.Response.Body = body;

        await SlaveApiHandlers.ToHttpResult(result, context.Response, retryAfterSeconds: 7).ExecuteAsync(context);

        var retryAfter = context.Response.Headers.RetryAfter.Count == 0 ? null : context.Response.Headers.RetryAfter.ToString();
        return (context.Response.StatusCode, retryAfter, Encoding.UTF8.GetString(body.ToArray()));
    }
}
