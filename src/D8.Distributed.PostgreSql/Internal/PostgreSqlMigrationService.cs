using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace D8.Distributed.PostgreSql.Internal;

/// <summary>Creates or migrates the schema when the master starts, so a database that cannot be used stops start-up.</summary>
internal sealed partial class PostgreSqlMigrationService(PostgreSqlDatabase database, ILogger<PostgreSqlMigrationService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await database.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        Log.SchemaReady(logger, database.Schema, PostgreSqlSchema.CurrentVersion);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
