using D8.Distributed.Core.Internal;
using D8.Testing;
using D8.Testing.Queue;
using Microsoft.Extensions.DependencyInjection;

namespace D8.Distributed.Core.Tests.Queue;

public sealed class TaskStoreRegistrationTests : IDisposable
{
    private readonly TempDirectory _data = new("d8-store-di");

    [Fact]
    public async Task AddD8Master_NoStoreChosen_SqliteInTheDataDirectoryCreatedOnFirstUseOnly()
    {
        var dataDirectory = _data.Combine("not", "yet");
        await using var provider = Build(services => services.AddD8Master(options => Configure(options, dataDirectory)));

        var store = Assert.IsType<SqliteTaskStore>(provider.GetRequiredService<ITaskStore>());

        Assert.Equal(Path.Combine(dataDirectory, "tasks.db"), store.Path);
        Assert.False(Directory.Exists(dataDirectory), "resolving the store touches no disk");
        await store.AddAsync(TaskStoreRecords.New("a"), 10);
        Assert.True(File.Exists(store.Path));
    }

    [Fact]
    public async Task AddD8Master_QueueSqlitePathOption_RelativeUnderTheDataDirectory()
    {
        await using var provider = Build(services => services.AddD8Master(options =>
        {
            Configure(options, _data.Path);
            options.Queue.SqlitePath = Path.Combine("queue", "master.db");
        }));

        Assert.Equal(_data.Combine("queue", "master.db"), Assert.IsType<SqliteTaskStore>(provider.GetRequiredService<ITaskStore>()).Path);
    }

    [Fact]
    public async Task UseSqliteTaskStore_RelativeAndAbsolutePaths_UnderTheDataDirectoryOrAsGiven()
    {
        var absolute = _data.Combine("elsewhere", "t.db");
        await using var relative = Build(services => services.AddD8Master(options => Configure(options, _data.Path)).UseSqliteTaskStore("mine.db"));
        await using var rooted = Build(services => services.AddD8Master(options => Configure(options, _data.Path)).UseSqliteTaskStore(absolute));

        Assert.Equal(_data.Combine("mine.db"), Assert.IsType<SqliteTaskStore>(relative.GetRequiredService<ITaskStore>()).Path);
        Assert.Equal(absolute, Assert.IsType<SqliteTaskStore>(rooted.GetRequiredService<ITaskStore>()).Path);
    }

    [Fact]
    public void UseSqliteTaskStore_EmptyPath_Throws()
    {
        var builder = new ServiceCollection().AddD8Master();

        Assert.Throws<ArgumentException>("path", () => builder.UseSqliteTaskStore(" "));
    }

    [Fact]
    public async Task UseInMemoryTaskStore_ThenAddD8MasterAgain_InMemoryStays()
    {
        await using var provider = Build(services =>
        {
            services.AddD8Master(options => Configure(options, _data.Path)).UseInMemoryTaskStore();
            services.AddD8Master();
        });

        Assert.IsType<InMemoryTaskStore>(provider.GetRequiredService<ITaskStore>());
        Assert.Single(provider.GetServices<ITaskStore>());
    }

    [Fact]
    public async Task UseSqliteTaskStore_AfterInMemory_ReplacesIt()
    {
        await using var provider = Build(services => services.AddD8Master(options => Configure(options, _data.Path)).UseInMemoryTaskStore().UseSqliteTaskStore());

        Assert.IsType<SqliteTaskStore>(provider.GetRequiredService<ITaskStore>());
    }

    [Fact]
    public async Task DisposingTheContainer_SqliteStoreInUse_ClosesTheFile()
    {
        var provider = Build(services => services.AddD8Master(options => Configure(options, _data.Path)));
        var store = (SqliteTaskStore)provider.GetRequiredService<ITaskStore>();
        await store.AddAsync(TaskStoreRecords.New("a"), 10);
        Assert.True(File.Exists(store.Path + "-wal"), "a WAL file while the store is open");

        await provider.DisposeAsync();

        // The last connection to close checkpoints the log into the database and deletes it.
        Assert.False(File.Exists(store.Path + "-wal"), "the WAL file is gone once the store is closed");
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.GetAsync("a"));
    }

    public void Dispose() => _data.Dispose();

    private static void Configure(D8MasterOptions options, string dataDirectory)
    {
        options.Token = "t";
        options.DataDirectory = dataDirectory;
    }

    private static ServiceProvider Build(Action<IServiceCollection> configure)
    {
        var services = new ServiceCollection();
        configure(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
