using System.Net;
using D8.Distributed.Contracts;

namespace D8.Distributed.Slave.Tests.Aot;

/// <summary>
/// What keeps the NativeAOT slave's idle RSS under the 32 MB target (docs/performance.md): a plain-HTTP slave never
/// maps OpenSSL (3.7 MB of resident pages), not at start, not for the token check of an accepted or a refused call,
/// not for a task. HTTPS does load it, where it is needed.
/// </summary>
public sealed class AotFootprintTests(AotSlaveProcess slave) : IClassFixture<AotSlaveProcess>
{
    [Fact]
    public async Task PlainHttpSlave_AfterHealthRefusedCallAndTask_DoesNotMapOpenSsl()
    {
        Assert.Equal("healthy", (await slave.Wire.HealthAsync()).Status);
        using (var refused = await slave.Wire.PostRawAsync("""{"command":"print(1)"}""", token: "not-the-token"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        var result = await slave.Wire.ExecuteAsync(new ExecuteRequest { Command = "print(6*7)", Method = "python" });
        Assert.True(result.Success, result.Error);
        Assert.Equal("42\n", result.Output);

        var mapped = File.ReadAllLines($"/proc/{slave.ProcessId}/maps")
            .Where(line => line.Contains("libcrypto", StringComparison.Ordinal) || line.Contains("libssl", StringComparison.Ordinal))
            .ToList();
        Assert.True(mapped.Count == 0, "the plain-HTTP slave mapped OpenSSL:\n" + string.Join('\n', mapped));
    }
}
