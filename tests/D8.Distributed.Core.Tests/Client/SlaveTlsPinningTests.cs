using System.Collections.Concurrent;
using D8.Distributed.Core;
using D8.Distributed.Core.Tests.Support;
using D8.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace D8.Distributed.Core.Tests.Client;

/// <summary>
/// The master talks HTTPS to a real d8-slave with a self-signed certificate, pinned by its SHA-256 fingerprint: a changed
/// certificate makes the slave unhealthy with a message saying so (never retried, never plain HTTP), and re-pinning
/// (what <c>slaves trust</c> does) makes it healthy again.
/// </summary>
public sealed class SlaveTlsPinningTests
{
    [Fact]
    public async Task HttpsSlave_PinnedThenCertificateChangesThenRepinned_HealthyUnhealthyWithMessageHealthy()
    {
        Requirements.Python3();
        using var firstData = new TempDirectory("d8-slave-tls-1");
        using var secondData = new TempDirectory("d8-slave-tls-2");
        var dataDirectory = firstData.Path;
        await using var slave = await RealSlave.StartHttpsAsync(options => options.DataDirectory = dataDirectory);
        Assert.Equal(Uri.UriSchemeHttps, slave.Address.Scheme);
        var first = await TlsProbe.FingerprintAsync(slave.Address);

        var sent = new ConcurrentQueue<Uri>();
        await using var master = new MasterHost(services: services =>
            services.AddHttpClient("D8.Distributed.Slave").AddHttpMessageHandler(() => new RecordingHandler(sent)));
        var registered = await master.Registry.RegisterAsync(new SlaveRegistration("vps", "127.0.0.1", slave.Port) { Https = true, TlsFingerprint = first.ToUpperInvariant() });
        Assert.Equal(new Uri($"https://127.0.0.1:{slave.Port}/"), registered.BaseAddress);
        Assert.Equal(first, registered.TlsFingerprint);

        var healthy = await master.Monitor.CheckAsync("vps");
        Assert.True(healthy.Status == SlaveStatus.Healthy, healthy.LastError);
        var result = await master.Dispatcher.DispatchAsync(D8Task.Python("print(6*7)") with { SlaveId = "vps" });
        Assert.True(result.Success, result.Response.Error);
        Assert.Equal("42\n", result.Response.Output);

        // Same port, new data folder: d8-slave generates a new certificate.
        await slave.StopAsync();
        dataDirectory = secondData.Path;
        await slave.RestartAsync();
        var second = await TlsProbe.FingerprintAsync(slave.Address);
        Assert.NotEqual(first, second);

        var before = sent.Count;
        var changed = await master.Monitor.CheckAsync("vps");
        Assert.Equal(SlaveStatus.Unhealthy, changed.Status);
        Assert.Equal(
            $"Slave 'vps': the slave's TLS certificate changed (pinned sha256 {first}, now {second}); if this is expected run `d8-master slaves trust vps`.",
            changed.LastError);

        // Not retried (one health call reached the handler chain), and the breaker does not replace the message.
        Assert.Equal(1, sent.Count - before);
        for (var i = 0; i < 6; i++)
        {
            Assert.Contains("TLS certificate changed", (await master.Monitor.CheckAsync("vps")).LastError, StringComparison.Ordinal);
        }

        await Assert.ThrowsAnyAsync<Exception>(() => master.Dispatcher.DispatchAsync(D8Task.Python("print(1)") with { SlaveId = "vps" }));

        // What `slaves trust vps` does: pin the new fingerprint.
        await master.Registry.UpdateAsync("vps", current => current with { TlsFingerprint = second });
        var trusted = await master.Monitor.CheckAsync("vps");
        Assert.True(trusted.Status == SlaveStatus.Healthy, trusted.LastError);

        // Never plain HTTP: every request the master built for this slave was https (and the slave has no http endpoint).
        Assert.NotEmpty(sent);
        Assert.All(sent, address => Assert.Equal(Uri.UriSchemeHttps, address.Scheme));
    }

    [Fact]
    public async Task HttpsSlave_NoPinnedFingerprint_UnhealthyNamingWhatItPresentsAndTheTrustVerb()
    {
        using var data = new TempDirectory("d8-slave-tls");
        await using var slave = await RealSlave.StartHttpsAsync(options => options.DataDirectory = data.Path);
        var presented = await TlsProbe.FingerprintAsync(slave.Address);
        await using var master = new MasterHost();
        await master.Registry.RegisterAsync(new SlaveRegistration("vps", "127.0.0.1", slave.Port) { Https = true });

        var checkedSlave = await master.Monitor.CheckAsync("vps");

        Assert.Equal(SlaveStatus.Unhealthy, checkedSlave.Status);
        Assert.Contains($"without a pinned certificate (it presents sha256 {presented})", checkedSlave.LastError, StringComparison.Ordinal);
        Assert.Contains("d8-master slaves trust vps", checkedSlave.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpsEntry_PlainHttpSlaveOnThePort_UnhealthyTlsHandshakeFailedNoFallback()
    {
        await using var slave = await RealSlave.StartAsync();
        await using var master = new MasterHost();
        await master.Registry.RegisterAsync(new SlaveRegistration("lan", "127.0.0.1", slave.Port) { Https = true, TlsFingerprint = new string('a', 64) });

        var checkedSlave = await master.Monitor.CheckAsync("lan");

        Assert.Equal(SlaveStatus.Unhealthy, checkedSlave.Status);
        Assert.Contains("could not be reached over HTTPS", checkedSlave.LastError, StringComparison.Ordinal);
        Assert.Contains($"is it serving HTTPS on port {slave.Port}?", checkedSlave.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfiguredHttpsSlave_PinFromConfiguration_HealthyAndTheFileGetsTheExtraFields()
    {
        using var data = new TempDirectory("d8-slave-tls");
        await using var slave = await RealSlave.StartHttpsAsync(options => options.DataDirectory = data.Path);
        var pin = await TlsProbe.FingerprintAsync(slave.Address);
        await using var master = new MasterHost(options => options.Slaves["vps"] = new D8SlaveEndpointOptions
        {
            Host = "127.0.0.1",
            Port = slave.Port,
            Https = true,
            TlsFingerprint = pin.ToUpperInvariant(),
        });

        var checkedSlave = await master.Monitor.CheckAsync("vps");

        Assert.True(checkedSlave.Status == SlaveStatus.Healthy, checkedSlave.LastError);
        Assert.Equal(new Uri($"https://127.0.0.1:{slave.Port}/"), checkedSlave.BaseAddress);
        Assert.Equal(pin, checkedSlave.TlsFingerprint);
        var file = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(master.DataDirectory, "slaves", "config.json")))!;
        Assert.Equal(pin, (string?)file["vps"]!["tls_fingerprint"]);
    }

    [Theory]
    [InlineData("AB:CD")]
    [InlineData("zz")]
    public async Task RegisterAsync_BadFingerprint_ArgumentException(string fingerprint)
    {
        await using var master = new MasterHost();

        var error = await Assert.ThrowsAsync<ArgumentException>(async () =>
            await master.Registry.RegisterAsync(new SlaveRegistration("vps", "127.0.0.1") { Https = true, TlsFingerprint = fingerprint }));

        Assert.Contains("is not a SHA-256 fingerprint", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SHA256 Fingerprint=AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89")]
    [InlineData("sha256:abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789")]
    public void TryNormalize_OpensslAndPrefixedForms_LowercaseHex(string text)
    {
        Assert.True(SlaveTlsFingerprint.TryNormalize(text, out var fingerprint));
        Assert.Equal("abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789", fingerprint);
    }
}
