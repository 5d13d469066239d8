using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using D8.Distributed.Slave.Tests.Infrastructure;

namespace D8.Distributed.Slave.Tests;

/// <summary>
/// The input rules of §12 against a real Kestrel slave, over raw sockets where HttpClient would not send the mistake:
/// each case answers its status with an <c>{"error"}</c> body (or, for what Kestrel answers before the application
/// runs, its status), and after each case the slave's log holds no error and no "unhandled exception". Over sockets
/// only: run against the in-process slave (<see cref="InputRulesTests"/>) and the published NativeAOT d8-slave
/// (<c>Aot.AotInputRulesTests</c>).
/// </summary>
/// <param name="baseAddress">The slave's address.</param>
/// <param name="problemsLogged">What the slave logged at error level or above, or about an unhandled exception.</param>
public abstract class InputRulesTestsBase(Uri baseAddress, Func<IReadOnlyList<string>> problemsLogged)
{
    [Fact]
    public async Task Execute_NulInCommand_Returns400NamingCommand()
    {
        var message = await ErrorAsync(Post("""{"command":"print(1)\u0000import os"}"""), HttpStatusCode.BadRequest);

        Assert.Contains("'command'", message, StringComparison.Ordinal);
        Assert.Contains("NUL", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_NulInEnvName_Returns400NamingEnv()
    {
        var message = await ErrorAsync(Post("""{"command":"print(1)","env":{"A\u0000B":"x"}}"""), HttpStatusCode.BadRequest);

        Assert.Contains("'env' has a name with a NUL character", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_NulInEnvValue_Returns400NamingTheEntry()
    {
        var message = await ErrorAsync(Post("""{"command":"print(1)","env":{"GREETING":"hi\u0000there"}}"""), HttpStatusCode.BadRequest);

        Assert.Equal("'env' entry 'GREETING' has a value with a NUL character (U+0000)", message);
    }

    [Fact]
    public async Task Execute_InvalidUtf8InCommand_Returns400NamingIt()
    {
        var body = Concat("""{"command":"print('"""u8, [0xC3, 0x28], """')"}"""u8);

        var message = await ErrorAsync(Post(body), HttpStatusCode.BadRequest);

        Assert.StartsWith("Invalid UTF-8 in the request body at byte 20 (in 'command')", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_InvalidUtf8InUnknownField_Returns400NamingIt()
    {
        var body = Concat("""{"command":"print(1)","comment":"a"""u8, [0xFF], "\"}"u8);

        var message = await ErrorAsync(Post(body), HttpStatusCode.BadRequest);

        Assert.Contains("(in 'comment')", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_InvalidUtf8InPropertyName_Returns400()
    {
        var body = Concat("""{"command":"print(1)","x"""u8, [0xED, 0xA0, 0x80], "\":1}"u8);

        var message = await ErrorAsync(Post(body), HttpStatusCode.BadRequest);

        Assert.Contains("(in 'a property name')", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_MalformedJson_Returns400WithErrorBody()
    {
        var message = await ErrorAsync(Post("""{"command": """), HttpStatusCode.BadRequest);

        Assert.StartsWith("Invalid JSON", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_WrongMethod_Returns405WithErrorBody()
    {
        var message = await ErrorAsync(Raw("GET /api/execute HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), HttpStatusCode.MethodNotAllowed);

        Assert.Equal("Method Not Allowed: GET /api/execute accepts POST", message);
    }

    [Fact]
    public async Task Api_UnknownRoute_Returns404WithErrorBody()
    {
        var message = await ErrorAsync(Raw("GET /api/nothing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), HttpStatusCode.NotFound);

        Assert.Equal("Not Found: GET /api/nothing", message);
    }

    [Fact]
    public async Task Execute_BadChunkedBody_Returns400WithErrorBody()
    {
        var message = await ErrorAsync(Raw(Head("Transfer-Encoding: chunked") + "zz\r\n{}\r\n0\r\n\r\n"), HttpStatusCode.BadRequest);

        Assert.StartsWith("Bad request: ", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_HeadersTooLarge_Returns431FromKestrel()
    {
        // Kestrel answers 431 while parsing the headers, before any middleware: its status, with an empty body.
        var response = await Raw($"POST /api/execute HTTP/1.1\r\nHost: x\r\nX-Big: {new string('a', 40 * 1024)}\r\nContent-Length: 0\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 431 ", response, StringComparison.Ordinal);
        AssertCleanLog();
    }

    [Fact]
    public async Task Execute_MalformedContentLength_Returns400FromKestrel()
    {
        var response = await Raw("POST /api/execute HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 400 ", response, StringComparison.Ordinal);
        AssertCleanLog();
    }

    protected static string Head(string framing) =>
        $"POST /api/execute HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {SlaveServer.Token}\r\nContent-Type: application/json\r\n{framing}\r\n\r\n";

    private Task<string> Post(string json) => Post(Encoding.UTF8.GetBytes(json));

    private Task<string> Post(byte[] body) =>
        Raw(Concat(Encoding.ASCII.GetBytes(Head($"Content-Length: {body.Length}\r\nConnection: close")), body, []));

    protected Task<string> Raw(string request) => Raw(Encoding.UTF8.GetBytes(request));

    private async Task<string> Raw(byte[] request)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var tcp = new TcpClient();
        var address = baseAddress;
        await tcp.ConnectAsync(address.Host, address.Port, timeout.Token);
        var stream = tcp.GetStream();
        await stream.WriteAsync(request, timeout.Token);
        using var received = new MemoryStream();
        var buffer = new byte[8192];
        while (true)
        {
            int read;
            try
            {
                read = await stream.ReadAsync(buffer, timeout.Token);
            }
            catch (IOException)
            {
                break;
            }

            if (read == 0)
            {
                break;
            }

            received.Write(buffer, 0, read);
        }

        return Encoding.UTF8.GetString(received.ToArray());
    }

    /// <summary>Asserts the status line and an exact <c>{"error": ...}</c> JSON body; returns the message.</summary>
    protected async Task<string> ErrorAsync(Task<string> exchange, HttpStatusCode status)
    {
        var response = await exchange;
        Assert.StartsWith($"HTTP/1.1 {(int)status} ", response, StringComparison.Ordinal);
        var split = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var body = response[(split + 4)..];
        if (response[..split].Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = Dechunk(body);
        }

        Assert.Contains("Content-Type: application/json", response, StringComparison.OrdinalIgnoreCase);
        using var document = JsonDocument.Parse(body);
        var property = Assert.Single(document.RootElement.EnumerateObject());
        Assert.Equal("error", property.Name);
        AssertCleanLog();
        return property.Value.GetString()!;
    }

    private void AssertCleanLog()
    {
        var bad = problemsLogged();
        Assert.True(bad.Count == 0, "The slave logged: " + string.Join(Environment.NewLine, bad));
    }

    private static string Dechunk(string chunked)
    {
        var text = new StringBuilder();
        var position = 0;
        while (true)
        {
            var end = chunked.IndexOf("\r\n", position, StringComparison.Ordinal);
            var size = Convert.ToInt32(chunked[position..end], 16);
            if (size == 0)
            {
                return text.ToString();
            }

            text.Append(chunked, end + 2, size);
            position = end + 2 + size + 2;
        }
    }

    private static byte[] Concat(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c) => [.. a, .. b, .. c];
}
