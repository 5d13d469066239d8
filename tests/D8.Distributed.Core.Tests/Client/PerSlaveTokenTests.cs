using D8.Distributed.Core;
using D8.Distributed.Core.Tests.Support;
using D8.Testing;

namespace D8.Distributed.Core.Tests.Client;

/// <summary>
/// Per-slave tokens: two real slaves with different tokens; the master, holding each one's token in
/// <c>slaves/secrets.json</c>, reaches both; one slave's token opens only that slave.
/// </summary>
public sealed class PerSlaveTokenTests
{
    [Fact]
    public async Task TwoSlavesWithOwnTokens_MasterReachesBoth_TokenOfAIsRefusedByB()
    {
        Requirements.Python3();
        using var dataA = new TempDirectory("d8-slave-a");
        using var dataB = new TempDirectory("d8-slave-b");
        await using var a = await RealSlave.StartHttpsAsync(options => { options.AuthToken = "token-of-a"; options.DataDirectory = dataA.Path; });
        await using var b = await RealSlave.StartHttpsAsync(options => { options.AuthToken = "token-of-b"; options.DataDirectory = dataB.Path; });
        await using var master = new MasterHost();
        await master.Registry.RegisterAsync(new SlaveRegistration("a", "127.0.0.1", a.Port) { Https = true, TlsFingerprint = await TlsProbe.FingerprintAsync(a.Address), Token = "token-of-a" });
        await master.Registry.RegisterAsync(new SlaveRegistration("b", "127.0.0.1", b.Port) { Https = true, TlsFingerprint = await TlsProbe.FingerprintAsync(b.Address), Token = "token-of-b" });

        var onA = await master.Dispatcher.DispatchAsync(D8Task.Shell("echo on-a") with { SlaveId = "a" });
        var onB = await master.Dispatcher.DispatchAsync(D8Task.Shell("echo on-b") with { SlaveId = "b" });

        Assert.True(onA.Success, onA.Response.Error);
        Assert.Equal("on-a\n", onA.Response.Output);
        Assert.True(onB.Success, onB.Response.Error);
        Assert.Equal("on-b\n", onB.Response.Output);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, await TlsProbe.ExecuteWithTokenAsync(b.Address, "token-of-a"));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, await TlsProbe.ExecuteWithTokenAsync(a.Address, "token-of-b"));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, await TlsProbe.ExecuteWithTokenAsync(a.Address, MasterHost.Token));
        Assert.Equal(System.Net.HttpStatusCode.OK, await TlsProbe.ExecuteWithTokenAsync(a.Address, "token-of-a"));
    }

    [Fact]
    public async Task SlaveWithoutOwnToken_GetsTheSharedToken()
    {
        Requirements.Python3();
        await using var shared = await RealSlave.StartAsync();
        await using var own = await RealSlave.StartAsync(options => options.AuthToken = "own");
        await using var master = new MasterHost();
        await master.AddAsync("shared", shared.Port);
        await master.Registry.RegisterAsync(new SlaveRegistration("own", "127.0.0.1", own.Port) { Token = "own" });

        var onShared = await master.Dispatcher.DispatchAsync(D8Task.Shell("echo shared") with { SlaveId = "shared" });
        var onOwn = await master.Dispatcher.DispatchAsync(D8Task.Shell("echo own") with { SlaveId = "own" });

        Assert.True(onShared.Success, onShared.Response.Error);
        Assert.True(onOwn.Success, onOwn.Response.Error);
    }

    [Fact]
    public async Task SecretsFileReadableByOthers_SlaveNotCalledAndTheMessageSaysChmod()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        await using var slave = await RealSlave.StartAsync(options => options.AuthToken = "own");
        await using var master = new MasterHost();
        await master.Registry.RegisterAsync(new SlaveRegistration("own", "127.0.0.1", slave.Port) { Token = "own" });
        var secrets = Path.Combine(master.DataDirectory, "slaves", "secrets.json");
        File.SetUnixFileMode(secrets, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => master.Dispatcher.DispatchAsync(D8Task.Shell("echo x") with { SlaveId = "own" }));

        var messages = string.Join(" | ", Messages(error));
        Assert.Contains("chmod 600", messages, StringComparison.Ordinal);
    }

    private static IEnumerable<string> Messages(Exception? error)
    {
        for (; error is not null; error = error.InnerException)
        {
            yield return error.Message;
        }
    }
}
