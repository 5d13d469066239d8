using System.Globalization;
using System.Text.Json;
using D8.HumanRequests;
using Npgsql;
using NpgsqlTypes;

namespace D8.Distributed.PostgreSql.Internal;

/// <summary>The owner alerts' outbox in <c>&lt;schema&gt;.owner_alerts</c> (migration 3): every write locks the
/// counter row and bumps its version, like the requests' writes, so the masters see each other's alerts.</summary>
internal sealed partial class PostgreSqlHumanRequestStore
{
    private string Alerts => _database.QuotedSchema + ".owner_alerts";

    public async ValueTask<bool> AddAlertAsync(OwnerAlert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var (added, version) = await RunAsync(
            async connection =>
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await LockCounterAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                await using (var insert = Command(connection, transaction, $"INSERT INTO {Alerts} (alert_id, delivered, document) VALUES (@id, @delivered, @document) ON CONFLICT (alert_id) DO NOTHING"))
                {
                    BindAlert(insert, alert);
                    if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
                    {
                        return (false, (long?)null);
                    }
                }

                await PruneAlertsAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                var bumped = await BumpAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return (true, bumped);
            },
            cancellationToken).ConfigureAwait(false);
        if (version is { } v)
        {
            Changed(v);
        }

        return added;
    }

    public async ValueTask<IReadOnlyList<OwnerAlert>> GetUndeliveredAlertsAsync(CancellationToken cancellationToken) =>
        await SelectAlertsAsync("WHERE delivered = false ORDER BY sequence", cancellationToken).ConfigureAwait(false);

    public async ValueTask<IReadOnlyList<OwnerAlert>> GetAlertsAsync(CancellationToken cancellationToken) =>
        await SelectAlertsAsync("ORDER BY sequence", cancellationToken).ConfigureAwait(false);

    public async ValueTask<OwnerAlert?> UpdateAlertAsync(string alertId, Func<OwnerAlert, OwnerAlert> update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alertId);
        ArgumentNullException.ThrowIfNull(update);
        var (result, version) = await RunAsync(
            async connection =>
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await LockCounterAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                OwnerAlert? alert = null;
                await using (var select = Command(connection, transaction, $"SELECT document FROM {Alerts} WHERE alert_id = @id FOR UPDATE"))
                {
                    select.Parameters.AddWithValue("id", alertId);
                    await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        alert = ReadAlert(reader);
                    }
                }

                if (alert is null)
                {
                    return ((OwnerAlert?)null, (long?)null);
                }

                var updated = update(alert) ?? throw new InvalidOperationException("The update callback returned null.");
                if (ReferenceEquals(updated, alert))
                {
                    return (alert, null);
                }

                if (!string.Equals(updated.Id, alert.Id, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"The update callback changed the id '{alert.Id}' to '{updated.Id}'.");
                }

                await using (var write = Command(connection, transaction, $"UPDATE {Alerts} SET delivered = @delivered, document = @document WHERE alert_id = @id"))
                {
                    BindAlert(write, updated);
                    await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await PruneAlertsAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                var bumped = await BumpAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return (updated, bumped);
            },
            cancellationToken).ConfigureAwait(false);
        if (version is { } v)
        {
            Changed(v);
        }

        return result;
    }

    private static void BindAlert(NpgsqlCommand command, OwnerAlert alert)
    {
        command.Parameters.AddWithValue("id", alert.Id);
        command.Parameters.AddWithValue("delivered", alert.Delivered);
        command.Parameters.Add(new NpgsqlParameter("document", NpgsqlDbType.Json) { Value = JsonSerializer.Serialize(alert, PostgreSqlStoresJsonContext.Default.OwnerAlert) });
    }

    private static OwnerAlert ReadAlert(NpgsqlDataReader reader) =>
        JsonSerializer.Deserialize(reader.GetString(0), PostgreSqlStoresJsonContext.Default.OwnerAlert) ?? throw new JsonException("an alert document is null");

    /// <summary>Keeps the <see cref="OwnerAlert.DeliveredKept"/> most recently created delivered alerts.</summary>
    private async Task PruneAlertsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var prune = Command(
            connection,
            transaction,
            $"DELETE FROM {Alerts} WHERE delivered AND sequence NOT IN (SELECT sequence FROM {Alerts} WHERE delivered ORDER BY sequence DESC LIMIT {OwnerAlert.DeliveredKept.ToString(CultureInfo.InvariantCulture)})");
        await prune.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private ValueTask<List<OwnerAlert>> SelectAlertsAsync(string where, CancellationToken cancellationToken) =>
        RunAsync(
            async connection =>
            {
                await using var select = Command(connection, null, $"SELECT document FROM {Alerts} {where}");
                var result = new List<OwnerAlert>();
                await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    result.Add(ReadAlert(reader));
                }

                return result;
            },
            cancellationToken);
}
