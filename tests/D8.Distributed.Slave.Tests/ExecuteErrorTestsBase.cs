using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using D8.Distributed.Slave.Tests.Infrastructure;

namespace D8.Distributed.Slave.Tests;

/// <summary>
/// Every refusal of POST /api/execute: status and a message that names the problem. Over HTTP only: run against the
/// in-process slave (<see cref="ExecuteErrorTests"/>) and the published NativeAOT d8-slave (<c>Aot.AotExecuteErrorTests</c>).
/// </summary>
/// <param name="slave">The slave's API (no docker image, no virtualenv configured).</param>
/// <param name="workspace">The slave's workspace root (D8:Slave:WorkspaceRoot), with a directory <c>inside</c>.</param>
public abstract class ExecuteErrorTestsBase(SlaveClient slave, string workspace)
{
    private readonly SlaveClient _server = slave;

    [Theory]
    [InlineData("wrong-token")]
    [InlineData(SlaveServer.Token + "x")]
    [InlineData("")]
    [InlineData(null)]
    public async Task Execute_WrongOrMissingToken_Returns401(string? token)
    {
        using var response = await _server.PostRawAsync("""{"command":"print(1)"}""", token);

        Assert.Equal("Unauthorized", await ResponseAssert.ErrorAsync(response, HttpStatusCode.Unauthorized));
        Assert.Equal(await File.ReadAllTextAsync(SlaveApiTests.Fixture("execute-401.json")), await response.Content.ReadAsStringAsync() + "\n");
    }

    [Fact]
    public async Task Execute_OtherScheme_Returns401()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/execute") { Content = new StringContent("""{"command":"print(1)"}""") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", SlaveServer.Token);

        using var response = await _server.Client.SendAsync(request);

        Assert.Equal("Unauthorized", await ResponseAssert.ErrorAsync(response, HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task Execute_BadTokenAndBadBody_AuthIsCheckedFirst()
    {
        using var response = await _server.PostRawAsync("{not json", "wrong");

        Assert.Equal("Unauthorized", await ResponseAssert.ErrorAsync(response, HttpStatusCode.Unauthorized));
    }

    [Theory]
    [InlineData("""{"working_dir":null}""")]
    [InlineData("""{"command":""}""")]
    [InlineData("""{"command":null}""")]
    [InlineData("""{"command":"   "}""")]
    [InlineData("")]
    [InlineData("null")]
    public async Task Execute_NoCommand_Returns400NoCommandProvided(string body)
    {
        using var response = await _server.PostRawAsync(body);

        Assert.Equal("No command provided", await ResponseAssert.ErrorAsync(response, HttpStatusCode.BadRequest));
        Assert.Equal((await File.ReadAllTextAsync(SlaveApiTests.Fixture("execute-400.json"))).TrimEnd(), await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("""{"command":"print(1)" """, "Invalid JSON")]
    [InlineData("""{"command":'print(1)'}""", "Invalid JSON")]
    [InlineData("[1,2]", "must be a JSON object")]
    [InlineData("""{"command":42}""", "'command' must be a string (at $.command)")]
    [InlineData("""{"command":"print(1)","timeout_seconds":"ten"}""", "'timeout_seconds' must be a number (at $.timeout_seconds)")]
    [InlineData("""{"command":"print(1)","env":{"A":1}}""", "'env' must be an object whose values are strings")]
    [InlineData("""{"command":"print(1)","env":[]}""", "'env'")]
    [InlineData("""{"command":"print(1)","working_dir":7}""", "'working_dir' must be a string")]
    [InlineData("""{"command":"print(1)","method":"ruby"}""", "Unknown method 'ruby'")]
    [InlineData("""{"command":"print(1)","method":"docker"}""", "method 'docker' is not available")]
    [InlineData("""{"command":"print(1)","method":"venv"}""", "method 'venv' is not available")]
    [InlineData("""{"command":"print(1)","timeout_seconds":-1}""", "timeout_seconds must be a positive number")]
    [InlineData("""{"command":"print(1)","timeout_seconds":0}""", "timeout_seconds must be a positive number")]
    [InlineData("""{"command":"print(1)","working_dir":"/no/such/dir/anywhere"}""", "working_dir '/no/such/dir/anywhere' does not exist")]
    [InlineData("""{"command":"print(1)","working_dir":"missing-child"}""", "working_dir 'missing-child' does not exist")]
    [InlineData("""{"command":"print(1)","working_dir":"/tmp"}""", "lies outside the workspace root")]
    [InlineData("""{"command":"print(1)","working_dir":"../"}""", "lies outside the workspace root")]
    [InlineData("""{"command":"print(1)","env":{"A=B":"1"}}""", "env contains an invalid variable name 'A=B'")]
    public async Task Execute_InvalidRequest_Returns400NamingTheProblem(string body, string expected)
    {
        using var response = await _server.PostRawAsync(body);

        var message = await ResponseAssert.ErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_RelativeWorkingDirInsideWorkspace_RunsThere()
    {
        var result = await _server.ExecuteAsync(new() { Command = "import os; print(os.getcwd())", WorkingDir = "inside" });

        Assert.Equal(Path.Combine(workspace, "inside") + "\n", result.Output);
    }

    [Fact]
    public async Task Execute_TwoMebibyteBody_Returns413()
    {
        var body = """{"command":"print(1)","stdin":" """ + new string('x', 2 * 1024 * 1024) + "\"}";

        using var response = await _server.PostRawAsync(body);

        Assert.Contains("too large", await ResponseAssert.ErrorAsync(response, HttpStatusCode.RequestEntityTooLarge), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_ChunkedBodyOverTheLimit_Returns413()
    {
        // A raw socket rather than HttpClient: the slave answers 413 and closes while the client is still sending, and
        // HttpClient may then report the broken pipe of its upload instead of the response it was sent.
        var payload = Encoding.UTF8.GetBytes("""{"command":"print(1)","stdin":" """ + new string('y', 2 * 1024 * 1024) + "\"}");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_server.Client.BaseAddress!.Host, _server.Client.BaseAddress.Port, timeout.Token);
        var stream = tcp.GetStream();
        var head = $"POST /api/execute HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {SlaveServer.Token}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), timeout.Token);
        var upload = SendChunkedAsync(stream, payload, timeout.Token);

        var response = await ReadUntilClosedAsync(stream, timeout.Token);
        await upload;

        Assert.StartsWith("HTTP/1.1 413 ", response, StringComparison.Ordinal);
        Assert.Contains("""{"error":"Request body too large: the limit is 1048576 bytes"}""", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_BodyJustUnderTheLimit_IsAccepted()
    {
        var stdin = new string('z', 1024 * 1024 - 200);
        using var response = await _server.PostRawAsync("""{"command":"import sys; print(len(sys.stdin.read()))","stdin":" """.TrimEnd() + stdin + "\"}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"\"output\":\"{stdin.Length}\\n\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task SendChunkedAsync(NetworkStream stream, byte[] payload, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var chunk in payload.Chunk(64 * 1024))
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"{chunk.Length:x}\r\n"), cancellationToken);
                await stream.WriteAsync(chunk, cancellationToken);
                await stream.WriteAsync("\r\n"u8.ToArray(), cancellationToken);
            }

            await stream.WriteAsync("0\r\n\r\n"u8.ToArray(), cancellationToken);
        }
        catch (IOException)
        {
            // Expected: the slave stops reading (and closes) once the body is over its limit.
        }
    }

    /// <summary>Everything the server sent before it closed the connection (a reset after the response is fine).</summary>
    private static async Task<string> ReadUntilClosedAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (IOException) when (received.Length > 0)
        {
            // The connection was reset after the response arrived.
        }

        return Encoding.UTF8.GetString(received.ToArray());
    }
}
