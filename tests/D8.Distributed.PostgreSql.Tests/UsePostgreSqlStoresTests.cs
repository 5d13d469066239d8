using D8.Distributed.Core;
using D8.Distributed.PostgreSql.Internal;
using D8.Testing;
using D8.HumanRequests;
using D8.Testing.PostgreSql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace D8.Distributed.PostgreSql.Tests;

public sealed class UsePostgreSqlStoresTests : IDisposable
{
    private readonly TempDirectory _data = new("d8-pg-stores-di");

    [Fact]
    public async Task UsePostgreSql_SlaveRegistry_ReplacesTheFileRegistryAndWritesTheConfiguredSchema()
    {
        var connectionString = await (await PostgreSqlServer.GetAsync()).CreateDatabaseAsync();
        await using var provider = Build(services => services.AddD8Master(Configure).UsePostgreSql(connectionString, options => options.Schema = "mine"));

        var registry = Assert.IsType<PostgreSqlSlaveRegistry>(provider.GetRequiredService<ISlaveRegistry>());
        await registry.RegisterAsync(new SlaveRegistration("pc-1", "10.0.0.1"));

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        Assert.Equal(1L, await dataSource.CreateCommand("SELECT count(*) FROM mine.slaves WHERE slave_id = 'pc-1'").ExecuteScalarAsync());
        Assert.False(File.Exists(Path.Combine(_data.Path, "slaves", "config.json")));
    }

    [Fact]
    public async Task UsePostgreSql_WithHumanRequests_StoreIsPostgreSqlWhicheverComesFirst()
    {
        var connectionString = await (await PostgreSqlServer.GetAsync()).CreateDatabaseAsync();
        await using var before = Build(services =>
        {
            services.AddD8HumanRequests(o => o.DataDirectory = _data.Path);
            services.AddD8Master(Configure).UsePostgreSql(connectionString);
        });
        await using var after = Build(services =>
        {
            services.AddD8Master(Configure).UsePostgreSql(connectionString);
            services.AddD8HumanRequests(o => o.DataDirectory = _data.Path);
        });

        Assert.IsType<PostgreSqlHumanRequestStore>(before.GetRequiredService<IHumanRequestStore>());
        var store = Assert.IsType<PostgreSqlHumanRequestStore>(after.GetRequiredService<IHumanRequestStore>());
        await after.GetRequiredService<IHumanRequestManager>().CreateAsync(new NewHumanRequest { Type = HumanRequestType.Other, Title = "t", CreatedBy = "test" });
        Assert.Equal(1, await store.GetCounterAsync(CancellationToken.None));
        Assert.False(File.Exists(Path.Combine(_data.Path, "human_requests", "requests.json")));
    }

    [Fact]
    public void AddD8PostgreSqlHumanRequestStore_NullServices_Throws() =>
        Assert.Throws<ArgumentNullException>(() => D8PostgreSqlServiceCollectionExtensions.AddD8PostgreSqlHumanRequestStore(null!, "Host=db"));

    [Fact]
    public async Task AddD8PostgreSqlHumanRequestStore_NoConnectionString_FailsAtStartNamingTheKey()
    {
        await using var provider = Build(services => services.AddLogging().AddD8HumanRequests(o => o.DataDirectory = _data.Path).AddD8PostgreSqlHumanRequestStore(null));

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<D8PostgreSqlOptions>>().Value);

        Assert.Contains("D8:PostgreSql:ConnectionString is not set", exception.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _data.Dispose();

    private void Configure(D8MasterOptions options)
    {
        options.Token = "t";
        options.DataDirectory = _data.Path;
    }

    private static ServiceProvider Build(Action<IServiceCollection> configure)
    {
        var services = new ServiceCollection();
        configure(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
