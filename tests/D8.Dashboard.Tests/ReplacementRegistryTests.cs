using D8.Dashboard.Tests.Support;
using D8.Distributed.Core;
using D8.Testing.Registry;
using D8.Testing.Slaves;
using Microsoft.Extensions.DependencyInjection;

namespace D8.Dashboard.Tests;

/// <summary>The dashboard reads the slaves through the <see cref="ISlaveRegistry"/> seam: a replacement registered
/// before <c>AddD8Master()</c> is what the overview shows.</summary>
public sealed class ReplacementRegistryTests
{
    [Fact]
    public async Task Overview_RegistryRegisteredBeforeAddD8Master_ShowsItsSlaves()
    {
        var registry = new InMemorySlaveRegistry();
        var port = DeadEndpoints.RefusingPort();
        await registry.RegisterAsync(new SlaveRegistration("from-my-registry", "127.0.0.1", port));
        await using var host = await DashboardHost.StartAsync(o => o.Password = null, services => services.AddSingleton<ISlaveRegistry>(registry));
        using var client = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };

        var overview = await client.GetStringAsync(new Uri("/", UriKind.Relative));

        Assert.Same(registry, host.Services.GetRequiredService<ISlaveRegistry>());
        Assert.Contains("data-slave=\"from-my-registry\"", overview, StringComparison.Ordinal);
        Assert.Contains($"title=\"from-my-registry\">from-my-registry</span><small><span class=\"trunc\" title=\"127.0.0.1:{port}\">127.0.0.1:{port}</span></small>", overview, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(host.DataDirectory, "slaves")), "the file registry must not have been used");
    }
}
