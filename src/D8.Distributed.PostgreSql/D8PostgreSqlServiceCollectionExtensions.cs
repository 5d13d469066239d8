using D8.Distributed.PostgreSql.Internal;
using D8.HumanRequests;
using D8.Shared.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace D8.Distributed.PostgreSql;

/// <summary>Puts the human requests in PostgreSQL, for a host that has them without a master.</summary>
public static class D8PostgreSqlServiceCollectionExtensions
{
    /// <summary>
    /// Keeps the human requests (<c>AddD8HumanRequests()</c>, before or after this call) in PostgreSQL
    /// (<c>&lt;schema&gt;.human_requests</c>): history, notification state and the counter of the <c>req-NNNN</c> ids,
    /// shared by every host on the database; a decision made on one host wakes the waiters on the others within a
    /// second. <c>AddD8Master().UsePostgreSql(cs)</c> does this too. The options bind <c>D8:PostgreSql</c> first;
    /// <paramref name="connectionString"/> (when not <see langword="null"/>) and then <paramref name="configure"/>
    /// apply after it. Only the store is shared: with several hosts on one database, use <c>UsePostgreSql</c> on the
    /// master so one leader runs the notification outbox.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="connectionString">The Npgsql connection string; <see langword="null"/> for <c>D8:PostgreSql:ConnectionString</c>.</param>
    /// <param name="configure">Sets further options (schema, timeouts).</param>
    /// <returns>The same services.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    public static IServiceCollection AddD8PostgreSqlHumanRequestStore(this IServiceCollection services, string? connectionString, Action<D8PostgreSqlOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        AddDatabase(services, connectionString, configure);
        services.RemoveAll<IHumanRequestStore>();
        services.AddSingleton<IHumanRequestStore>(static sp => new PostgreSqlHumanRequestStore(
            sp.GetRequiredService<PostgreSqlDatabase>(),
            sp.GetRequiredService<IOptions<D8PostgreSqlOptions>>().Value.ChangePollInterval,
            sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary>The options, the one database of this host and its migration on start, registered once.</summary>
    internal static void AddDatabase(IServiceCollection services, string? connectionString, Action<D8PostgreSqlOptions>? configure)
    {
        var options = services.AddD8Options<D8PostgreSqlOptions>(D8PostgreSqlOptions.SectionName);
        if (!services.Any(static d => d.ServiceType == typeof(PostgreSqlDatabase)))
        {
            options.ValidateDataAnnotations();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<D8PostgreSqlOptions>, D8PostgreSqlOptionsValidator>());
            services.TryAddSingleton(TimeProvider.System);
            services.TryAddSingleton(static sp =>
            {
                var value = sp.GetRequiredService<IOptions<D8PostgreSqlOptions>>().Value;
                return PostgreSqlDatabase.Create(value.ConnectionString!, value.Schema, value.CommandTimeout);
            });
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PostgreSqlMigrationService>());
        }

        if (connectionString is not null)
        {
            options.Configure(o => o.ConnectionString = connectionString);
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }
    }
}
