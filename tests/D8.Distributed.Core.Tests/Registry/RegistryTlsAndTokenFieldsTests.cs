using System.Text.Json.Nodes;
using D8.Distributed.Core;
using D8.Distributed.Core.Tests.Support;
using D8.Testing;

namespace D8.Distributed.Core.Tests.Registry;

/// <summary>
/// <c>"https"</c> and <c>"tls_fingerprint"</c> are extra fields of <c>slaves/config.json</c> (an old file still loads, a
/// new file still reads as the old format); a slave's own token lives in <c>slaves/secrets.json</c>, 0600, never in
/// <c>config.json</c>, and goes with the slave.
/// </summary>
public sealed class RegistryTlsAndTokenFieldsTests
{
    private const string Pin = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private static string FixturePath => Path.Combine(AppContext.BaseDirectory, "fixtures", "python-d8", "slaves", "config.json");

    [Fact]
    public async Task RegisterAsync_HttpsWithFingerprint_ExtraFieldsOnlyOnThatEntryAndKeptByHealthWrites()
    {
        await using var master = new MasterHost();
        await master.Registry.RegisterAsync(new SlaveRegistration("vps", "vps.example.org") { Https = true, TlsFingerprint = Pin });
        await master.Registry.RegisterAsync(new SlaveRegistration("lan", "192.168.1.10"));

        await master.Registry.UpdateAsync("vps", slave => slave with { Status = SlaveStatus.Unhealthy, LastError = "x" });

        var file = new RegistryFile(master.DataDirectory).Read();
        Assert.True(file["vps"]!["https"]!.GetValue<bool>());
        Assert.Equal(Pin, file["vps"]!["tls_fingerprint"]!.GetValue<string>());
        Assert.Equal("unhealthy", file["vps"]!["status"]!.GetValue<string>());
        Assert.False(file["lan"]!.AsObject().ContainsKey("https"));
        Assert.False(file["lan"]!.AsObject().ContainsKey("tls_fingerprint"));

        // Another process (the CLI) reads them back.
        using var other = new RegistryFile(master.DataDirectory).NewRegistry();
        var vps = other.Find("vps")!;
        Assert.True(vps.Https);
        Assert.Equal(Pin, vps.TlsFingerprint);
        Assert.Equal(new Uri("https://vps.example.org:7600/"), vps.BaseAddress);
        Assert.Equal(new Uri("http://192.168.1.10:7600/"), other.Find("lan")!.BaseAddress);
    }

    [Fact]
    public async Task OldPythonReader_FileWithTheNewFields_ReadsEveryEntryAsBefore()
    {
        var python = Requirements.Python3();
        await using var master = new MasterHost();
        var path = Path.Combine(master.DataDirectory, "slaves", "config.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Copy(FixturePath, path);
        await master.Registry.RegisterAsync(new SlaveRegistration("vps", "vps.example.org", 7443) { Https = true, TlsFingerprint = Pin, Token = "own-token" });

        // The old master's reader: json.load, then the known keys of each entry, with the old types and defaults.
        const string Reader = """
            import json, sys
            with open(sys.argv[1]) as f:
                slaves = json.load(f)
            for sid, e in sorted(slaves.items()):
                assert isinstance(e["host"], str) and isinstance(e["port"], int), sid
                assert e.get("status", "unknown") in ("unknown", "healthy", "unhealthy", "version_mismatch", "draining"), sid
                assert isinstance(e.get("install_method", "python"), str), sid
                last_seen = e.get("last_seen", "never")
                assert last_seen == "never" or isinstance(last_seen, str), sid
                print(f"{sid} http://{e['host']}:{e['port']} {e.get('status', 'unknown')}")
            """;
        var output = await PythonScript.RunAsync(python, Reader, path);

        Assert.Equal(
            ["pc-leonardo http://127.0.0.1:17999 unhealthy", "slave-local-test http://127.0.0.1:17600 healthy", "vps http://vps.example.org:7443 unknown"],
            output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("own-token", await File.ReadAllTextAsync(path), StringComparison.Ordinal);

        // And the old fixture's entries load unchanged, plain HTTP.
        Assert.All(master.Registry.GetAll().Where(slave => slave.Id != "vps"), slave => Assert.False(slave.Https));
    }

    [Fact]
    public async Task RegisterAsync_OwnToken_InSecretsFile0600NotInConfigRemovedWithTheSlave()
    {
        await using var master = new MasterHost();
        var registration = new SlaveRegistration("vps", "127.0.0.1") { Token = "vps-secret-token" };

        await master.Registry.RegisterAsync(registration);

        var secrets = Path.Combine(master.DataDirectory, "slaves", "secrets.json");
        Assert.Equal("vps-secret-token", JsonNode.Parse(await File.ReadAllTextAsync(secrets))!["vps"]!["token"]!.GetValue<string>());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(secrets));
        }

        Assert.DoesNotContain("vps-secret-token", await File.ReadAllTextAsync(Path.Combine(master.DataDirectory, "slaves", "config.json")), StringComparison.Ordinal);
        Assert.DoesNotContain("vps-secret-token", registration.ToString(), StringComparison.Ordinal);
        Assert.Contains("Token = ***", registration.ToString(), StringComparison.Ordinal);

        Assert.True(await master.Registry.UnregisterAsync("vps"));

        Assert.False(JsonNode.Parse(await File.ReadAllTextAsync(secrets))!.AsObject().ContainsKey("vps"));
    }

    [Fact]
    public async Task RegisterAsync_SameIdTwiceWithAnotherToken_KeepsTheFirstSlavesToken()
    {
        await using var master = new MasterHost();
        await master.Registry.RegisterAsync(new SlaveRegistration("vps", "127.0.0.1") { Token = "first" });

        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await master.Registry.RegisterAsync(new SlaveRegistration("vps", "127.0.0.2") { Token = "second" }));

        var secrets = Path.Combine(master.DataDirectory, "slaves", "secrets.json");
        Assert.Equal("first", JsonNode.Parse(await File.ReadAllTextAsync(secrets))!["vps"]!["token"]!.GetValue<string>());
    }
}
