using System.Net;
using System.Text.Json.Nodes;
using D8.Dashboard.Tests.Support;
using D8.Distributed.Contracts;
using D8.Testing.Slaves;

namespace D8.Dashboard.Tests.Api;

/// <summary><c>/api/v1/slaves</c> through the typed client and raw HTTP, against the real registry file and real slaves.</summary>
public sealed class SlavesApiTests
{
    [Fact]
    public async Task RegisterListCheckRemove_RealSlave_GoesThroughTheRegistry()
    {
        await using var host = await MasterApiHost.StartAsync();
        var port = await host.StartSlaveAsync();

        var added = await host.Client.RegisterSlaveAsync(new SlaveRegistrationRequest { Id = "pc-1", Host = "127.0.0.1", Port = port, Capabilities = ["gpu"] });
        var listed = await host.Client.ListSlavesAsync();
        var checkedOne = await host.Client.CheckSlaveAsync("pc-1");
        var checkedAll = await host.Client.CheckSlavesAsync();
        await host.Client.RemoveSlaveAsync("pc-1");

        Assert.Equal(("pc-1", "unknown", false), (added.Id, added.Status, added.Drained));
        Assert.Equal(port, Assert.Single(listed).Port);
        Assert.Equal("healthy", checkedOne.Status);
        Assert.Equal(MasterApiHost.Commit, checkedOne.Commit);
        Assert.Contains("gpu", checkedOne.Capabilities);
        Assert.Contains("python", checkedOne.Capabilities);
        Assert.Equal("healthy", Assert.Single(checkedAll).Status);
        Assert.Empty(await host.Client.ListSlavesAsync());
        Assert.Null(host.Registry.Find("pc-1"));
    }

    [Fact]
    public async Task List_HttpsSlaveInTheRegistry_CarriesHttpsAndItsPin()
    {
        const string Pin = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
        await using var host = await MasterApiHost.StartAsync();
        await host.Registry.RegisterAsync(new D8.Distributed.Core.SlaveRegistration("vps", "203.0.113.7") { Https = true, TlsFingerprint = Pin });
        await host.Registry.RegisterAsync(new D8.Distributed.Core.SlaveRegistration("lan", "10.0.0.5"));

        var listed = await host.Client.ListSlavesAsync();

        Assert.Equal((true, Pin), (listed.Single(s => s.Id == "vps").Https, listed.Single(s => s.Id == "vps").TlsFingerprint));
        Assert.Equal((false, (string?)null), (listed.Single(s => s.Id == "lan").Https, listed.Single(s => s.Id == "lan").TlsFingerprint));
    }

    [Fact]
    public async Task Register_IdAlreadyRegistered_Is409()
    {
        await using var host = await MasterApiHost.StartAsync();
        await host.Client.RegisterSlaveAsync(new SlaveRegistrationRequest { Id = "pc-1", Host = "127.0.0.1" });

        var error = await Assert.ThrowsAsync<D8MasterApiException>(() => host.Client.RegisterSlaveAsync(new SlaveRegistrationRequest { Id = "pc-1", Host = "10.0.0.5" }));

        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.Contains("'pc-1' is already registered", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"host":"127.0.0.1"}""", "'id' is required")]
    [InlineData("""{"id":"pc 1","host":"127.0.0.1"}""", "'id' must be")]
    [InlineData("""{"id":"pc-1"}""", "'host' is required")]
    [InlineData("""{"id":"pc-1","host":"http://10.0.0.5:7600"}""", "'host' must be a host name or IP address alone")]
    [InlineData("""{"id":"pc-1","host":"10.0.0.5","port":70000}""", "'port' must be a TCP port")]
    [InlineData("""{"id":"pc-1","host":"10.0.0.5","port":"7600"}""", "'port' must be a whole number")]
    [InlineData("""{"id":"pc-1","host":"10.0.0.5","capabilities":"gpu"}""", "'capabilities' must be a list of strings")]
    [InlineData("""{"id":"pc-1",""", "Invalid JSON")]
    public async Task Register_BadBody_Is400NamingTheField(string json, string expected)
    {
        await using var host = await MasterApiHost.StartAsync();

        var (status, body, _) = await ApiCalls.PostAsync(host.Raw, "/api/v1/slaves", json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(expected, ApiCalls.Error(body), StringComparison.Ordinal);
        Assert.Empty(host.Registry.GetAll());
    }

    [Fact]
    public async Task RemoveCheckDrain_UnknownId_Are404()
    {
        await using var host = await MasterApiHost.StartAsync();

        foreach (var call in new Func<Task>[]
        {
            () => host.Client.RemoveSlaveAsync("ghost"),
            () => host.Client.CheckSlaveAsync("ghost"),
            () => host.Client.DrainSlaveAsync("ghost"),
            () => host.Client.UndrainSlaveAsync("ghost"),
        })
        {
            var error = await Assert.ThrowsAsync<D8MasterApiException>(call);
            Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
            Assert.Equal("No slave with id 'ghost' is registered.", error.Message);
        }
    }

    [Fact]
    public async Task DrainUndrain_IsPersistedInConfigJson_AndShownByTheList()
    {
        await using var host = await MasterApiHost.StartAsync();
        await host.Client.RegisterSlaveAsync(new SlaveRegistrationRequest { Id = "pc-1", Host = "127.0.0.1", Port = DeadEndpoints.RefusingPort() });
        var file = Path.Combine(host.DataDirectory, "slaves", "config.json");

        var drained = await host.Client.DrainSlaveAsync("pc-1");
        var again = await host.Client.DrainSlaveAsync("pc-1");
        var listed = Assert.Single(await host.Client.ListSlavesAsync());
        var persisted = JsonNode.Parse(File.ReadAllText(file))!["pc-1"]!["drained"]?.GetValue<bool>();
        await host.Client.CheckSlaveAsync("pc-1");
        var afterCheck = JsonNode.Parse(File.ReadAllText(file))!["pc-1"]!["drained"]?.GetValue<bool>();
        var undrained = await host.Client.UndrainSlaveAsync("pc-1");

        Assert.True(drained.Drained);
        Assert.True(again.Drained);
        Assert.True(listed.Drained);
        Assert.True(persisted);
        Assert.True(afterCheck, "a health check must not clear the drain");
        Assert.False(undrained.Drained);
        Assert.False(JsonNode.Parse(File.ReadAllText(file))!["pc-1"]!.AsObject().ContainsKey("drained"));
        Assert.Contains(host.Logs.GetSnapshot(), log => log.Message.Contains("slave pc-1 drained by the operator", StringComparison.Ordinal));
    }
}
