using D8.HumanRequests;
using D8.Testing;
using D8.Testing.PostgreSql;
using Microsoft.Extensions.DependencyInjection;

namespace D8.Distributed.PostgreSql.Tests.HumanRequests;

/// <summary>Two hosts (two service providers, two data sources) on one database, as two masters are.</summary>
public sealed class TwoHostsHumanRequestsTests : IDisposable
{
    private readonly TempDirectory _data = new("d8-pg-requests");

    [Fact]
    public async Task CreateAsync_TwoHostsFiftyEachConcurrently_HundredDistinctIdsCounterHundred()
    {
        var connectionString = await (await PostgreSqlServer.GetAsync()).CreateDatabaseAsync();
        await using var a = Host(connectionString, "a");
        await using var b = Host(connectionString, "b");

        var created = await Task.WhenAll(
            Task.Run(() => CreateManyAsync(a.GetRequiredService<IHumanRequestManager>(), "A", 50)),
            Task.Run(() => CreateManyAsync(b.GetRequiredService<IHumanRequestManager>(), "B", 50)));

        Assert.Equal(Enumerable.Range(1, 100).Select(n => $"req-{n:D4}"), created.SelectMany(ids => ids).Order(StringComparer.Ordinal));
        Assert.Equal(100, await a.GetRequiredService<IHumanRequestStore>().GetCounterAsync(CancellationToken.None));
        Assert.Equal(100, (await b.GetRequiredService<IHumanRequestManager>().ListAsync()).Count);
    }

    [Fact]
    public async Task ApproveAsync_OnHostB_CompletesAWaitForDecisionStartedOnHostA()
    {
        var connectionString = await (await PostgreSqlServer.GetAsync()).CreateDatabaseAsync();
        await using var a = Host(connectionString, "a");
        await using var b = Host(connectionString, "b");
        var managerA = a.GetRequiredService<IHumanRequestManager>();
        var request = await managerA.CreateAsync(new NewHumanRequest { Type = HumanRequestType.Payment, Title = "Dominio", EstimatedCost = 30m, CreatedBy = "test" });
        var waiting = managerA.WaitForDecisionAsync(request.Id, TimeSpan.FromSeconds(30));

        await b.GetRequiredService<IHumanRequestManager>().ApproveAsync(request.Id, "leo", "ok");

        var decided = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HumanRequestStatus.Approved, decided.Status);
        Assert.Equal("leo", decided.History[^1].Actor);
    }

    public void Dispose() => _data.Dispose();

    private ServiceProvider Host(string connectionString, string name)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddD8HumanRequests(options => options.DataDirectory = Path.Combine(_data.Path, name));
        services.AddD8PostgreSqlHumanRequestStore(connectionString);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    private static async Task<List<string>> CreateManyAsync(IHumanRequestManager manager, string prefix, int count)
    {
        var ids = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            ids.Add((await manager.CreateAsync(new NewHumanRequest { Type = HumanRequestType.Other, Title = $"{prefix}{i}", CreatedBy = "test" })).Id);
        }

        return ids;
    }
}
