using System.Globalization;
using D8.Distributed.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace D8.Distributed.PostgreSql.Internal;

/// <summary>
/// The task writes of the other masters on the database, at once: the task store sends a <c>NOTIFY</c> on the schema's
/// channel in the same transaction as each write (so only committed writes are told, and every one is), and this
/// listener <c>LISTEN</c>s on a dedicated, unpooled connection. The connection is checked every
/// <see cref="CheckInterval"/> and reopened after a failure, every <see cref="RetryInterval"/>; after a reopen
/// <see cref="TaskStoreChangedEventArgs.Missed"/> is raised, as writes made meanwhile were not heard.
/// </summary>
internal sealed class PostgreSqlTaskChangeFeed : BackgroundService
{
    internal static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);
    internal static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(3);

    private readonly string _connectionString;
    private readonly string _schema;
    private readonly TimeProvider _time;
    private readonly ILogger<PostgreSqlTaskChangeFeed> _logger;
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PostgreSqlTaskChangeFeed(string connectionString, string schema, TimeProvider time, ILogger<PostgreSqlTaskChangeFeed> logger)
    {
        // A LISTEN lives as long as its session: a pooled connection would keep listening after it went back.
        _connectionString = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Enlist = false }.ConnectionString;
        _schema = schema;
        Channel = ChannelOf(schema);
        _time = time;
        _logger = logger;
    }

    /// <summary>Occurs for a write another process committed (see <see cref="ITaskStoreChangeFeed.Changed"/>).</summary>
    public event EventHandler<TaskStoreChangedEventArgs>? Changed;

    /// <summary>Gets this process's mark in the notifications: its own writes are not reported back to it.</summary>
    public string Origin { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Gets the schema's notification channel.</summary>
    public string Channel { get; }

    /// <summary>Gets a task that completes when the first <c>LISTEN</c> is in place (tests wait for it).</summary>
    public Task Listening => _listening.Task;

    /// <summary>The channel of a schema: a fixed hash, so any schema name gives a short, plain identifier.</summary>
    public static string ChannelOf(string schema) =>
        "d8_tasks_" + PostgreSqlSchema.LockKey(schema, "tasks.changes").ToString("x16", CultureInfo.InvariantCulture);

    /// <summary>The payload of one write: origin, status and task id (last, as it may hold any character).</summary>
    public static string Payload(string origin, D8TaskInfo task) => $"{origin} {task.Status.ToName()} {task.TaskId}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var reopened = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(_connectionString);
                await connection.OpenAsync(stoppingToken).ConfigureAwait(false);
                connection.Notification += OnNotification;
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken).ConfigureAwait(false);
                }

                if (reopened)
                {
                    Log.ChangeFeedResumed(_logger, _schema);
                    Changed?.Invoke(this, TaskStoreChangedEventArgs.Missed);
                }

                _listening.TrySetResult();
                while (true)
                {
                    if (!await connection.WaitAsync(CheckInterval, stoppingToken).ConfigureAwait(false))
                    {
                        await CheckAsync(connection, stoppingToken).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException or OperationCanceledException or System.IO.IOException)
            {
                Log.ChangeFeedLost(_logger, _schema, ex.Message);
                reopened = true;
            }

            try
            {
                await Task.Delay(RetryInterval, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private static async Task CheckAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        command.CommandTimeout = (int)CheckTimeout.TotalSeconds;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CheckTimeout);
        await command.ExecuteScalarAsync(timeout.Token).ConfigureAwait(false);
    }

    private void OnNotification(object? sender, NpgsqlNotificationEventArgs e)
    {
        var parts = e.Payload.Split(' ', 3);
        if (parts.Length != 3 || string.Equals(parts[0], Origin, StringComparison.Ordinal) || parts[2].Length == 0)
        {
            return;
        }

        if (!D8TaskStatusNames.TryParse(parts[1], out var status))
        {
            return; // A newer version's status: its own masters act on it.
        }

        try
        {
            Changed?.Invoke(this, new TaskStoreChangedEventArgs(parts[2], status));
        }
        catch (Exception ex)
        {
            // A subscriber's failure must not cut the feed of the others.
            Log.ChangeFeedHandlerFailed(_logger, parts[2], ex);
        }
    }
}
