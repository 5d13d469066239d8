using D8.Distributed.Core;
using D8.Distributed.PostgreSql.Internal;
using D8.Testing;
using D8.Testing.PostgreSql;
using D8.Testing.Queue;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace D8.Distributed.PostgreSql.Tests;

public sealed class UsePostgreSqlTests : IDisposable
{
    private readonly TempDirectory _data = new("d8-pg-di");

    [Fact]
    public async Task UsePostgreSql_ConnectionString_TaskStoreInTheConfiguredSchema()
    {
        var connectionString = await (await PostgreSqlServer.GetAsync()).CreateDatabaseAsync();
        await using var provider = Build(services => services.AddD8Master(Configure).UsePostgreSql(connectionString, options => options.Schema = "mine"));

        var store = Assert.IsType<PostgreSqlTaskStore>(provider.GetRequiredService<ITaskStore>());
        await store.AddAsync(TaskStoreRecords.New("a"), 10);

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        Assert.Equal(1L, await dataSource.CreateCommand("SELECT count(*) FROM mine.tasks WHERE task_id = 'a'").ExecuteScalarAsync());
        Assert.False(File.Exists(Path.Combine(_data.Path, "tasks.db")));
    }

    [Fact]
    public async Task UsePostgreSql_NullConnectionString_ReadsTheConfigurationSection()
    {
        var connectionString = await (await PostgreSqlServer.GetAsync()).CreateDatabaseAsync();
        await using var provider = Build(services =>
        {
            services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["D8:PostgreSql:ConnectionString"] = connectionString,
                ["D8:PostgreSql:Schema"] = "from_config",
            }).Build());
            services.AddD8Master(Configure).UsePostgreSql(null);
        });

        var options = provider.GetRequiredService<IOptions<D8PostgreSqlOptions>>().Value;

        Assert.Equal(connectionString, options.ConnectionString);
        Assert.Equal("from_config", options.Schema);
    }

    [Fact]
    public async Task UsePostgreSql_HostStarts_SchemaMigratedBeforeAnyTask()
    {
        var connectionString = await (await PostgreSqlServer.GetAsync()).CreateDatabaseAsync();
        await using var provider = Build(services => services.AddD8Master(Configure).UsePostgreSql(connectionString));

        foreach (var service in provider.GetServices<IHostedService>().OfType<PostgreSqlMigrationService>())
        {
            await service.StartAsync(CancellationToken.None);
        }

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        Assert.Equal(PostgreSqlSchema.CurrentVersion, await dataSource.CreateCommand("SELECT version FROM d8.schema_version").ExecuteScalarAsync());
    }

    [Theory]
    [InlineData(null, "D8:PostgreSql:ConnectionString is not set")]
    [InlineData("  ", "D8:PostgreSql:ConnectionString is not set")]
    [InlineData("Host=db;Password=s3cret-value;Nonsense=1", "not a valid Npgsql connection string (keywords given: Host, Password, Nonsense)")]
    [InlineData("Database=d8;Password=s3cret-value", "names no Host")]
    public async Task UsePostgreSql_BadConnectionString_FailsAtStartNamingTheKeyNeverThePassword(string? connectionString, string expected)
    {
        await using var provider = Build(services => services.AddD8Master(Configure).UsePostgreSql(connectionString));

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<D8PostgreSqlOptions>>().Value);

        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("D8")]
    [InlineData("1abc")]
    [InlineData("a-b")]
    public async Task UsePostgreSql_BadSchema_FailsAtStart(string schema)
    {
        await using var provider = Build(services => services.AddD8Master(Configure).UsePostgreSql("Host=db", options => options.Schema = schema));

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<D8PostgreSqlOptions>>().Value);

        Assert.Contains("D8:PostgreSql:Schema must be lower-case letters", exception.Message, StringComparison.Ordinal);
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
