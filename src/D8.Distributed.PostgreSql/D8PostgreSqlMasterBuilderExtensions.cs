using D8.Distributed.Core;
using D8.Distributed.PostgreSql.Internal;
using D8.HumanRequests;
using D8.Shared.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace D8.Distributed.PostgreSql;

/// <summary>Puts a master's stores in PostgreSQL.</summary>
public static class D8PostgreSqlMasterBuilderExtensions
{
    /// <summary>
    /// Keeps the master's tasks (<c>&lt;schema&gt;.tasks</c>), slave registry (<c>&lt;schema&gt;.slaves</c>) and human requests (<c>&lt;schema&gt;.human_requests</c>, see <see cref="D8PostgreSqlServiceCollectionExtensions.AddD8PostgreSqlHumanRequestStore"/>) in PostgreSQL, so several masters can share them, and
    /// elects one leader among the masters on the database (an advisory lock; see docs/multi-master.md). One
    /// <c>NpgsqlDataSource</c> per master; the schema is created and migrated on start. The options bind
    /// <c>D8:PostgreSql</c> first; <paramref name="connectionString"/> (when not <see langword="null"/>) and then
    /// <paramref name="configure"/> apply after it.
    /// </summary>
    /// <param name="builder">The master's builder (<c>AddD8Master()</c>).</param>
    /// <param name="connectionString">The Npgsql connection string; <see langword="null"/> for <c>D8:PostgreSql:ConnectionString</c>.</param>
    /// <param name="configure">Sets further options (schema, timeouts).</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static D8MasterBuilder UsePostgreSql(this D8MasterBuilder builder, string? connectionString, Action<D8PostgreSqlOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddD8Options<D8PostgreSqlOptions>(D8PostgreSqlOptions.SectionName).ValidateDataAnnotations();
        if (connectionString is not null)
        {
            options.Configure(o => o.ConnectionString = connectionString);
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<D8PostgreSqlOptions>, D8PostgreSqlOptionsValidator>());
        services.TryAddSingleton(static sp =>
        {
            var value = sp.GetRequiredService<IOptions<D8PostgreSqlOptions>>().Value;
            return PostgreSqlDatabase.Create(value.ConnectionString!, value.Schema, value.CommandTimeout);
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PostgreSqlMigrationService>());

        // One leader among the masters on this database: the health monitor, the dispatch loop, the Telegram poller
        // and the human requests' outbox run only where the lease is held.
        services.TryAddSingleton(static sp =>
        {
            var value = sp.GetRequiredService<IOptions<D8PostgreSqlOptions>>().Value;
            return new PostgreSqlLeaderLease(value.ConnectionString!, value.Schema, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<PostgreSqlLeaderLease>>());
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PostgreSqlLeaderLease>(static sp => sp.GetRequiredService<PostgreSqlLeaderLease>()));
        services.RemoveAll<IHumanRequestsLeadership>();
        services.AddSingleton<IHumanRequestsLeadership>(static sp => sp.GetRequiredService<PostgreSqlLeaderLease>());
        builder.UseLeadership(static sp => sp.GetRequiredService<PostgreSqlLeaderLease>());

        // The slave registry is shared by the masters too (replacing the file registry AddD8Master registered).
        services.RemoveAll<ISlaveRegistry>();
        services.AddSingleton<ISlaveRegistry>(static sp => new PostgreSqlSlaveRegistry(
            sp.GetRequiredService<PostgreSqlDatabase>(),
            sp.GetRequiredService<IOptions<D8MasterOptions>>(),
            sp.GetRequiredService<IOptions<D8PostgreSqlOptions>>().Value.ChangePollInterval,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<PostgreSqlSlaveRegistry>>()));

        // And the human requests (when the host has them): ids, history and outbox shared by the masters.
        services.AddD8PostgreSqlHumanRequestStore(connectionString: null);

        // The other masters' task writes at once (LISTEN/NOTIFY): a task queued on a follower wakes the leader's loop,
        // a task the leader finishes completes a waiter on a follower.
        services.TryAddSingleton(static sp =>
        {
            var value = sp.GetRequiredService<IOptions<D8PostgreSqlOptions>>().Value;
            return new PostgreSqlTaskChangeFeed(value.ConnectionString!, value.Schema, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<PostgreSqlTaskChangeFeed>>());
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PostgreSqlTaskChangeFeed>(static sp => sp.GetRequiredService<PostgreSqlTaskChangeFeed>()));
        return builder.UseTaskStore(static sp => new PostgreSqlTaskStore(sp.GetRequiredService<PostgreSqlDatabase>(), feed: sp.GetRequiredService<PostgreSqlTaskChangeFeed>()));
    }
}
