using D8.Distributed.Core;
using Xunit;

namespace D8.Testing.Registry;

/// <summary>
/// What every <see cref="ISlaveRegistry"/> must do, whatever it stores in: each implementation's test project derives
/// from this class (the file registry, and <see cref="InMemorySlaveRegistry"/>, which the replacement tests use: that
/// proves the test double honest).
/// </summary>
public abstract class SlaveRegistryConformanceTests : IDisposable
{
    private readonly Lazy<ISlaveRegistry> _registry;

    protected SlaveRegistryConformanceTests() => _registry = new Lazy<ISlaveRegistry>(CreateRegistry);

    protected ISlaveRegistry Registry => _registry.Value;

    [Fact]
    public async Task RegisterAsync_NewSlave_IsFoundAndListedInIdOrderAsUnknown()
    {
        await Registry.RegisterAsync(new SlaveRegistration("b", "10.0.0.2", 7602) { Capabilities = ["gpu"] });
        var a = await Registry.RegisterAsync(new SlaveRegistration("a", "10.0.0.1"));

        Assert.Equal(SlaveStatus.Unknown, a.Status);
        Assert.Equal(["a", "b"], Registry.GetAll().Select(s => s.Id));
        Assert.Equal(new Uri("http://10.0.0.2:7602/"), Registry.Find("b")!.BaseAddress);
        Assert.Equal(["gpu"], Registry.Find("b")!.Capabilities);
        Assert.Null(Registry.Find("c"));
    }

    [Fact]
    public async Task RegisterAsync_HttpsWithFingerprint_KeptAndTheAddressIsHttpsAndAnUpdateCanRepinIt()
    {
        const string Pin = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
        await Registry.RegisterAsync(new SlaveRegistration("vps", "vps.example.org", 7443) { Https = true, TlsFingerprint = Pin.ToUpperInvariant() });

        var vps = Registry.Find("vps")!;
        Assert.True(vps.Https);
        Assert.Equal(Pin, vps.TlsFingerprint);
        Assert.Equal(new Uri("https://vps.example.org:7443/"), vps.BaseAddress);

        var repinned = await Registry.UpdateAsync("vps", s => s with { TlsFingerprint = new string('f', 64) });
        Assert.Equal(new string('f', 64), repinned!.After.TlsFingerprint);
        Assert.Equal(new string('f', 64), Registry.Find("vps")!.TlsFingerprint);
        Assert.True(Registry.Find("vps")!.Https);
    }

    [Fact]
    public async Task RegisterAsync_SameIdTwice_RefusedAndTheFirstStays()
    {
        await Registry.RegisterAsync(new SlaveRegistration("pc", "10.0.0.1"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => Registry.RegisterAsync(new SlaveRegistration("pc", "10.0.0.2")).AsTask());

        Assert.Equal("10.0.0.1", Registry.Find("pc")!.Host);
    }

    [Fact]
    public async Task UnregisterAsync_KnownAndUnknownId_TrueThenFalse()
    {
        await Registry.RegisterAsync(new SlaveRegistration("pc", "10.0.0.1"));

        Assert.True(await Registry.UnregisterAsync("pc"));
        Assert.False(await Registry.UnregisterAsync("pc"));
        Assert.Empty(Registry.GetAll());
    }

    [Fact]
    public async Task UpdateAsync_OneSlave_ReturnsBeforeAndAfterAndKeepsIdHostAndPort()
    {
        await Registry.RegisterAsync(new SlaveRegistration("pc", "10.0.0.1", 7601));

        var change = await Registry.UpdateAsync("pc", s => s with { Status = SlaveStatus.Healthy, Commit = "abc1234", Host = "elsewhere", Port = 1 });

        Assert.Equal(SlaveStatus.Unknown, change!.Before.Status);
        Assert.Equal(SlaveStatus.Healthy, change.After.Status);
        Assert.Equal(new Uri("http://10.0.0.1:7601/"), change.After.BaseAddress);
        Assert.Equal("abc1234", Registry.Find("pc")!.Commit);
        Assert.Null(await Registry.UpdateAsync("nobody", s => s with { Status = SlaveStatus.Healthy }));
        Assert.Null(await Registry.UpdateAsync("pc", s => s));
    }

    [Fact]
    public async Task UpdateAsync_Batch_SkipsUnknownIdsAndLeavesUnnamedSlavesAlone()
    {
        await Registry.RegisterAsync(new SlaveRegistration("a", "10.0.0.1"));
        await Registry.RegisterAsync(new SlaveRegistration("b", "10.0.0.2"));
        await Registry.RegisterAsync(new SlaveRegistration("c", "10.0.0.3"));

        var changes = await Registry.UpdateAsync(
        [
            new SlaveUpdate("a", s => s with { Status = SlaveStatus.Healthy }),
            new SlaveUpdate("gone", s => s with { Status = SlaveStatus.Healthy }),
            new SlaveUpdate("c", s => s with { Status = SlaveStatus.Unhealthy, LastError = "refused" }),
        ]);

        Assert.Equal(["a", "c"], changes.Select(c => c.After.Id));
        Assert.Equal([SlaveStatus.Healthy, SlaveStatus.Unknown, SlaveStatus.Unhealthy], Registry.GetAll().Select(s => s.Status));
        Assert.Equal("refused", Registry.Find("c")!.LastError);
        Assert.Null(Registry.Find("gone"));
    }

    [Fact]
    public async Task Changed_RegisterAndUnregister_RaisedWithTheIdButNotForHealthUpdates()
    {
        var raised = new List<SlaveRegistryChangedEventArgs>();
        Registry.Changed += (_, change) => raised.Add(change);

        await Registry.RegisterAsync(new SlaveRegistration("pc", "10.0.0.1"));
        await Registry.UpdateAsync("pc", s => s with { Status = SlaveStatus.Healthy });
        await Registry.UnregisterAsync("pc");
        await Registry.RefreshAsync();

        Assert.Collection(
            raised,
            added => Assert.Equal(["pc"], added.Added),
            removed => Assert.Equal(["pc"], removed.Removed));
    }

    [Fact]
    public async Task RegisterAsync_ManyConcurrentCalls_NoneLost()
    {
        await Task.WhenAll(Enumerable.Range(0, 25).Select(i => Task.Run(async () => await Registry.RegisterAsync(new SlaveRegistration($"pc-{i:00}", "10.0.0.1", 7000 + i)))));

        Assert.Equal(25, Registry.GetAll().Count);
    }

    public void Dispose()
    {
        if (_registry.IsValueCreated && _registry.Value is IDisposable disposable)
        {
            disposable.Dispose();
        }

        DisposeStorage();
        GC.SuppressFinalize(this);
    }

    protected abstract ISlaveRegistry CreateRegistry();

    protected virtual void DisposeStorage()
    {
    }
}
