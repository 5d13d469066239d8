using System.Net.Security;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using D8.Distributed.Cli.Tests.Infrastructure;
using D8.Distributed.Core;

namespace D8.Distributed.Cli.Tests.Commands;

/// <summary>
/// <c>slaves add --https</c> (trust on first use, or <c>--fingerprint</c>), <c>slaves trust</c> after the certificate
/// changed, <c>slaves list</c> showing it, and <c>slaves add --token-file</c>, against real HTTPS d8-slaves.
/// </summary>
public sealed class SlavesTlsCommandTests
{
    [Fact]
    public async Task AddHttps_LearnsAndPinsTheCertificate_ChangedIsUnhealthyWithMessage_TrustMakesItHealthy()
    {
        using var data = new TempDirectory();
        using var firstCertificate = new TempDirectory("d8-slave-tls");
        using var secondCertificate = new TempDirectory("d8-slave-tls");
        var cli = new CliRunner(data.Path);
        var slave = await LoopbackSlave.StartHttpsAsync(firstCertificate.Path);
        var port = slave.Address.Port;
        string first;
        try
        {
            first = await PresentedAsync(port);
            var added = await cli.RunAsync("slaves", "add", "vps", "127.0.0.1", "--port", slave.Port, "--https");

            Assert.True(added.ExitCode == 0, added.ToString());
            Assert.Contains($"Certificate of 'vps': sha256 {first} (trusted on first use", added.Output, StringComparison.Ordinal);
            Assert.Contains($"Registered slave 'vps' at https://127.0.0.1:{port}/", added.Output, StringComparison.Ordinal);
            var entry = JsonNode.Parse(await File.ReadAllTextAsync(data.Combine("slaves", "config.json")))!["vps"]!;
            Assert.True((bool)entry["https"]!);
            Assert.Equal(first, (string?)entry["tls_fingerprint"]);

            var list = await cli.RunAsync("slaves", "list");
            Assert.Contains($"https sha256:{first[..12]}...", list.Output, StringComparison.Ordinal);
            var healthy = await cli.RunAsync("slaves", "check", "vps");
            Assert.True(healthy.ExitCode == 0, healthy.ToString());
        }
        finally
        {
            await slave.DisposeAsync();
        }

        // The same port, a new certificate (the slave's data folder was replaced).
        await using var restarted = await LoopbackSlave.StartHttpsAsync(secondCertificate.Path, port);
        var second = await PresentedAsync(port);

        var changed = await cli.RunAsync("slaves", "check", "vps");
        Assert.Equal(1, changed.ExitCode);
        Assert.Contains("unhealthy", changed.Output, StringComparison.Ordinal);
        Assert.Contains("TLS certificate changed", changed.Output, StringComparison.Ordinal);
        Assert.Contains("slaves trust vps", changed.Output, StringComparison.Ordinal);

        var trusted = await cli.RunAsync("slaves", "trust", "vps");
        Assert.True(trusted.ExitCode == 0, trusted.ToString());
        Assert.Contains($"Trusted the new certificate of slave 'vps': sha256 {first} -> {second}", trusted.Output, StringComparison.Ordinal);

        var again = await cli.RunAsync("slaves", "check", "vps");
        Assert.True(again.ExitCode == 0, again.ToString());
    }

    [Fact]
    public async Task AddFingerprint_MatchesOrNot_RegisteredOrOneLineErrorAndNothingRegistered()
    {
        using var data = new TempDirectory();
        using var certificate = new TempDirectory("d8-slave-tls");
        var cli = new CliRunner(data.Path);
        await using var slave = await LoopbackSlave.StartHttpsAsync(certificate.Path);
        var presented = await PresentedAsync(slave.Address.Port);
        var wrong = new string('a', 64);

        var refused = await cli.RunAsync("slaves", "add", "vps", "127.0.0.1", "--port", slave.Port, "--fingerprint", wrong);

        Assert.Equal(1, refused.ExitCode);
        Assert.Equal(
            $"d8-master: the slave at 127.0.0.1:{slave.Port} presents a certificate with sha256 {presented}, not the given {wrong}; nothing was registered",
            refused.Error.Trim());
        Assert.False(File.Exists(data.Combine("slaves", "config.json")) && (await File.ReadAllTextAsync(data.Combine("slaves", "config.json"))).Contains("vps", StringComparison.Ordinal));

        // Colons and upper case, as openssl prints it.
        var colons = string.Join(':', Enumerable.Range(0, 32).Select(i => presented.Substring(i * 2, 2).ToUpperInvariant()));
        var added = await cli.RunAsync("slaves", "add", "vps", "127.0.0.1", "--port", slave.Port, "--fingerprint", colons);

        Assert.True(added.ExitCode == 0, added.ToString());
        Assert.Equal(presented, (string?)JsonNode.Parse(await File.ReadAllTextAsync(data.Combine("slaves", "config.json")))!["vps"]!["tls_fingerprint"]);
    }

    [Fact]
    public async Task AddHttps_PlainHttpSlaveOrNothingListening_OneLineErrors()
    {
        using var data = new TempDirectory();
        var cli = new CliRunner(data.Path);
        await using var plain = await LoopbackSlave.StartAsync();

        var notTls = await cli.RunAsync("slaves", "add", "lan", "127.0.0.1", "--port", plain.Port, "--https");
        var unreachable = await cli.RunAsync("slaves", "add", "gone", "127.0.0.1", "--port", D8.Testing.Slaves.DeadEndpoints.RefusingPort().ToString(System.Globalization.CultureInfo.InvariantCulture), "--https");

        Assert.Equal(1, notTls.ExitCode);
        Assert.Contains("does not speak TLS", notTls.Error, StringComparison.Ordinal);
        Assert.Single(notTls.Error.Trim().Split('\n'));
        Assert.Equal(1, unreachable.ExitCode);
        Assert.Contains("cannot reach the slave at 127.0.0.1:", unreachable.Error, StringComparison.Ordinal);
        Assert.Single(unreachable.Error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Trust_PlainHttpSlave_SaysHowToSwitchToHttps()
    {
        using var data = new TempDirectory();
        var cli = new CliRunner(data.Path);
        Assert.Equal(0, (await cli.RunAsync("slaves", "add", "lan", "10.0.0.5")).ExitCode);

        var result = await cli.RunAsync("slaves", "trust", "lan");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("plain HTTP", result.Error, StringComparison.Ordinal);
        Assert.Contains("--https", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddTokenFile_OwnTokenInSecretsFileNotConfig_ExecReachesTheSlave_RemoveDropsIt()
    {
        using var data = new TempDirectory();
        using var certificate = new TempDirectory("d8-slave-tls");
        await using var slave = await LoopbackSlave.StartHttpsAsync(certificate.Path, token: "own-vps-token");

        // The shared token is another one: only the slave's own token opens it.
        var cli = new CliRunner(data.Path, new Dictionary<string, string?> { ["SLAVE_TOKEN"] = "shared-token" });
        var tokenFile = data.Combine("vps.token");
        await File.WriteAllTextAsync(tokenFile, "own-vps-token\n");

        var added = await cli.RunAsync("slaves", "add", "vps", "127.0.0.1", "--port", slave.Port, "--https", "--token-file", tokenFile);

        Assert.True(added.ExitCode == 0, added.ToString());
        Assert.DoesNotContain("own-vps-token", added.Output + added.Error, StringComparison.Ordinal);
        var secrets = data.Combine("slaves", "secrets.json");
        Assert.Equal("own-vps-token", (string?)JsonNode.Parse(await File.ReadAllTextAsync(secrets))!["vps"]!["token"]);
        Assert.DoesNotContain("own-vps-token", await File.ReadAllTextAsync(data.Combine("slaves", "config.json")), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(secrets));
        }

        var exec = await cli.RunAsync("exec", "--slave", "vps", "--method", "shell", "--code", "echo over-tls");
        Assert.True(exec.ExitCode == 0, exec.ToString());
        Assert.Contains("over-tls", exec.Output, StringComparison.Ordinal);

        Assert.Equal(0, (await cli.RunAsync("slaves", "remove", "vps")).ExitCode);
        Assert.False(JsonNode.Parse(await File.ReadAllTextAsync(secrets))!.AsObject().ContainsKey("vps"));
    }

    [Fact]
    public async Task AddTokenFile_MissingOrEmpty_OneLineErrorNothingRegistered()
    {
        using var data = new TempDirectory();
        var cli = new CliRunner(data.Path);
        var empty = data.Combine("empty.token");
        await File.WriteAllTextAsync(empty, "\n");

        var missing = await cli.RunAsync("slaves", "add", "pc", "10.0.0.5", "--token-file", data.Combine("nope.token"));
        var blank = await cli.RunAsync("slaves", "add", "pc", "10.0.0.5", "--token-file", empty);

        Assert.Equal(1, missing.ExitCode);
        Assert.StartsWith("d8-master: --token-file '", missing.Error, StringComparison.Ordinal);
        Assert.Contains("cannot be read", missing.Error, StringComparison.Ordinal);
        Assert.Equal(1, blank.ExitCode);
        Assert.Contains("is empty", blank.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(data.Combine("slaves", "config.json")) && (await File.ReadAllTextAsync(data.Combine("slaves", "config.json"))).Contains("\"pc\"", StringComparison.Ordinal));
    }

    private static async Task<string> PresentedAsync(int port)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        string? presented = null;
        await using var tls = new SslStream(tcp.GetStream());
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "127.0.0.1",
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                presented = certificate is null ? null : SlaveTlsFingerprint.Of(certificate);
                return presented is not null;
            },
        });
        return presented!;
    }
}
