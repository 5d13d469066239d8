using D8.Distributed.Core;
using D8.Distributed.PostgreSql.Internal;
using D8.Testing;
using D8.Testing.PostgreSql;
using Microsoft.Extensions.DependencyInjection;
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
