using System.Net;
using System.Text;
using D8.Distributed.Contracts;
using D8.Distributed.Core.Internal;
using D8.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace D8.Distributed.Core.Tests.Client;

/// <summary>
/// An answer whose body breaks off after its headers arrived (a connection reset mid-body) is a failed attempt, retried
/// inside the resilience pipeline like a reset before the headers: the slave keeps the result of the task_id, so the
/// retry gets it and the task neither fails over nor runs twice. The transport below the pipeline is a handler whose
/// first body throws part-way, so the case does not depend on when the reset reaches the socket.
/// </summary>
public sealed class ResponseBufferingTests
{
    [Fact]
    public async Task ExecuteAsync_BodyResetAfterHeaders_IsRetriedOnTheSameSlaveAndSucceeds()
    {
        using var data = new TempDirectory();
        var transport = new BodyBreakingHandler(breakFirst: 1);
        var services = new ServiceCollection().AddLogging();
        services.AddD8Master(options =>
        {
            options.Token = "t";
            options.DataDirectory = data.Path;
            options.Resilience.RetryBaseDelay = TimeSpan.FromMilliseconds(1);
            options.Resilience.UseJitter = false;
        });
        services.AddHttpClient(SlaveClientFactory.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => transport);
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<SlaveClientFactory>().Create();
        var slave = new SlaveInfo { Id = "a", Host = "127.0.0.1", Port = 7600 };

        var response = await client.ExecuteAsync(slave, new ExecuteRequest { Command = "print(42)", TaskId = "t-mid-body" }, TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.True(response.Success);
        Assert.Equal("42\n", response.Output);
        Assert.Equal(2, transport.Requests);
    }

    [Fact]
    public async Task ExecuteAsync_WithoutTaskId_BodyResetAfterHeaders_IsNotRetried()
    {
        using var data = new TempDirectory();
        var transport = new BodyBreakingHandler(breakFirst: 1);
        var services = new ServiceCollection().AddLogging();
        services.AddD8Master(options =>
        {
            options.Token = "t";
            options.DataDirectory = data.Path;
            options.Resilience.RetryBaseDelay = TimeSpan.FromMilliseconds(1);
        });
        services.AddHttpClient(SlaveClientFactory.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => transport);
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<SlaveClientFactory>().Create();
        var slave = new SlaveInfo { Id = "a", Host = "127.0.0.1", Port = 7600 };

        var error = await Assert.ThrowsAsync<SlaveTransportException>(
            () => client.ExecuteAsync(slave, new ExecuteRequest { Command = "print(42)" }, TimeSpan.FromSeconds(30), CancellationToken.None));

        Assert.Contains("could not be reached", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, transport.Requests);
    }

    /// <summary>Answers 200 with an execute result; the first <c>breakFirst</c> bodies throw after half of their bytes.</summary>
    private sealed class BodyBreakingHandler(int breakFirst) : HttpMessageHandler
    {
        private const string Body = """{"success":true,"output":"42\n","error":"","method":"python","exit_code":0,"timed_out":false,"duration_ms":5,"task_id":"t"}""";
        private int _requests;

        public int Requests => Volatile.Read(ref _requests);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var number = Interlocked.Increment(ref _requests);
            var bytes = Encoding.UTF8.GetBytes(Body);
            HttpContent content = number <= breakFirst ? new BreakingContent(bytes) : new ByteArrayContent(bytes);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
        }
    }

    /// <summary>A body that delivers half of its bytes, then fails as a reset connection does.</summary>
    private sealed class BreakingContent(byte[] bytes) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(bytes.AsMemory(0, bytes.Length / 2));
            throw new IOException("Unable to read data from the transport connection: Connection reset by peer.");
        }

        protected override bool TryComputeLength(out long length)
        {
            length = bytes.Length;
            return true;
        }
    }
}
