using D8.Distributed.Core;
using D8.Distributed.PostgreSql.Internal;
using D8.Testing;
using D8.Testing.PostgreSql;
using D8.Testing.Registry;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace D8.Distributed.PostgreSql.Tests.Registry;

public sealed class PostgreSqlSlaveRegistryTests : SlaveRegistryConformanceTests
{
    private readonly Lazy<string> _connectionString = new(() => PostgreSqlServer.GetAsync().GetAwaiter().GetResult().CreateDatabaseAsync().GetAwaiter().GetResult());

    protected override ISlaveRegistry CreateRegistry() => Open(_connectionString.Value);

    [Fact]
    public async Task RegisterAsync_OnAnotherMaster_SeenWithinThePollIntervalAndRaisesChanged()
    {
        using var other = Open(_connectionString.Value);
        Assert.Empty(Registry.GetAll());
        var added = new TaskCompletionSource<SlaveRegistryChangedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        Registry.Changed += (_, change) => added.TrySetResult(change);

        await other.RegisterAsync(new SlaveRegistration("pc-b", "10.0.0.9", 7609));

        // No RefreshAsync: the version-row poll alone brings it.
        Assert.Equal(["pc-b"], (await added.Task.WaitAsync(TimeSpan.FromSeconds(10))).Added);
        Assert.Equal(new Uri("http://10.0.0.9:7609/"), Registry.Find("pc-b")!.BaseAddress);
    }

    [Fact]
    public async Task UpdateAsync_HealthWrittenByTheLeader_ReadByAnotherMasterAfterRefresh()
    {
        using var other = Open(_connectionString.Value);
        await Registry.RegisterAsync(new SlaveRegistration("pc", "10.0.0.1"));
        await other.RefreshAsync();
        var raised = 0;
        other.Changed += (_, _) => Interlocked.Increment(ref raised);

        await Registry.UpdateAsync("pc", s => s with { Status = SlaveStatus.Healthy, Commit = "abc1234", RunningTasks = 2, LastError = "none" });
        await other.RefreshAsync();

        var seen = other.Find("pc")!;
        Assert.Equal((SlaveStatus.Healthy, "abc1234", (int?)2, "none"), (seen.Status, seen.Commit, seen.RunningTasks, seen.LastError));
        Assert.Equal(0, raised);
    }

    [Fact]
    public async Task UnregisterAsync_OnAnotherMaster_BatchUpdateSkipsItAndNeverBringsItBack()
    {
        using var other = Open(_connectionString.Value);
        await Registry.RegisterAsync(new SlaveRegistration("pc", "10.0.0.1"));
        Assert.True(await other.UnregisterAsync("pc"));

        var changes = await Registry.UpdateAsync([new SlaveUpdate("pc", s => s with { Status = SlaveStatus.Healthy })]);

        Assert.Empty(changes);
        Assert.Null(Registry.Find("pc"));
        await other.RefreshAsync();
        Assert.Null(other.Find("pc"));
    }

    [Fact]
    public async Task RegisterAsync_SameIdOnTwoMasters_SecondRefused()
    {
        using var other = Open(_connectionString.Value);
        await Registry.RegisterAsync(new SlaveRegistration("pc", "10.0.0.1"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => other.RegisterAsync(new SlaveRegistration("pc", "10.0.0.2")).AsTask());

        Assert.Contains("'pc' is already registered (http://10.0.0.1:7600/)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAll_SlaveDeclaredInConfiguration_PersistedAndConfigurationWinsForTheAddress()
    {
        using var configured = Open(_connectionString.Value, new D8MasterOptions { Slaves = { ["cfg"] = new D8SlaveEndpointOptions { Host = "10.0.0.5", Port = 7605, Capabilities = ["docker"] } } });

        Assert.Equal(["cfg"], configured.GetAll().Select(s => s.Id));
        Assert.Equal(["docker"], configured.Find("cfg")!.Capabilities);
        await Registry.RefreshAsync();
        Assert.Equal(new Uri("http://10.0.0.5:7605/"), Registry.Find("cfg")!.BaseAddress);
    }

    [Fact]
    public async Task RegisterAsync_DatabaseGone_SlaveRegistryExceptionNamingTheSchema()
    {
        using var registry = Open("Host=127.0.0.1;Port=1;Database=none;Username=none;Timeout=2");

        var error = await Assert.ThrowsAsync<SlaveRegistryException>(() => registry.RegisterAsync(new SlaveRegistration("pc", "10.0.0.1")).AsTask());

        Assert.Contains("The slave registry in PostgreSQL 127.0.0.1:1/none schema 'd8' cannot be used: the database server at 127.0.0.1:1 is unreachable", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateAsync_HealthSweepWhileTheDatabaseIsGone_KeptInMemoryNotThrown()
    {
        await Registry.RegisterAsync(new SlaveRegistration("pc", "10.0.0.1"));
        var server = await PostgreSqlServer.GetAsync();
        var database = new Npgsql.NpgsqlConnectionStringBuilder(_connectionString.Value).Database!;
        await using (var admin = Npgsql.NpgsqlDataSource.Create(server.AdminConnectionString))
        {
            await admin.CreateCommand($"DROP DATABASE \"{database}\" WITH (FORCE)").ExecuteNonQueryAsync();
        }

        var changes = await Registry.UpdateAsync([new SlaveUpdate("pc", s => s with { Status = SlaveStatus.Unhealthy, LastError = "refused" })]);

        Assert.Equal(SlaveStatus.Unhealthy, Assert.Single(changes).After.Status);
        Assert.Equal("refused", Registry.Find("pc")!.LastError);
        await Assert.ThrowsAsync<SlaveRegistryException>(() => Registry.RegisterAsync(new SlaveRegistration("other", "10.0.0.2")).AsTask());
    }

    internal static PostgreSqlSlaveRegistry Open(string connectionString, D8MasterOptions? options = null) => new(
        PostgreSqlDatabase.Create(connectionString, "d8", TimeSpan.FromSeconds(30)),
        Options.Create(options ?? new D8MasterOptions()),
        TimeSpan.FromMilliseconds(200),
        TimeProvider.System,
        NullLogger<PostgreSqlSlaveRegistry>.Instance,
        ownsDatabase: true);
}
