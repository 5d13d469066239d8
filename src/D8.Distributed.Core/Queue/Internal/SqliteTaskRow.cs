using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace D8.Distributed.Core.Internal;

/// <summary>
/// Maps a <see cref="D8TaskInfo"/> to the columns of the <c>tasks</c> table and back. One list of columns serves the
/// insert, the update and every select, so a new field is added in one place.
/// </summary>
internal static class SqliteTaskRow
{
    /// <summary>The columns a select reads, in the order <see cref="Read"/> expects.</summary>
    public const string SelectColumns =
        "sequence, task_id, status, priority, version, queued_at, queued_at_offset, started_at, started_at_offset, " +
        "finished_at, finished_at_offset, task_type, method, required_capabilities, timeout, requested_slave_id, " +
        "working_directory, environment, environment_names, max_retries, submitted_by, slave_id, attempts, exit_code, " +
        "output_truncated, error_truncated, method_used, duration, reason, predicted_duration, stdin, command, output, error";

    /// <summary>The columns <see cref="Bind"/> sets (all but the sequence and the version, which the store assigns).</summary>
    private static readonly string[] WrittenColumns = SelectColumns
        .Split(',', StringSplitOptions.TrimEntries)
        .Where(column => column is not ("sequence" or "version"))
        .ToArray();

    /// <summary>Gets the column list of the insert.</summary>
    public static string InsertColumns { get; } = string.Join(", ", WrittenColumns);

    /// <summary>Gets the parameter list of the insert, matching <see cref="InsertColumns"/>.</summary>
    public static string InsertValues { get; } = string.Join(", ", WrittenColumns.Select(column => "$" + column));

    /// <summary>Gets the <c>SET</c> list of the update (the task id is the key, not a column to set).</summary>
    public static string UpdateAssignments { get; } =
        string.Join(", ", WrittenColumns.Where(column => column != "task_id").Select(column => $"{column} = ${column}"));

    /// <summary>Sets the parameters of every written column from <paramref name="task"/>.</summary>
    public static void Bind(SqliteCommand command, D8TaskInfo task)
    {
        var p = command.Parameters;
        p.AddWithValue("$task_id", task.TaskId);
        p.AddWithValue("$status", task.Status.ToName());
        p.AddWithValue("$priority", task.Priority);
        AddTime(p, "queued_at", task.QueuedAt);
        AddTime(p, "started_at", task.StartedAt);
        AddTime(p, "finished_at", task.FinishedAt);
        p.AddWithValue("$task_type", task.TaskType);
        p.AddWithValue("$method", task.Method);
        p.AddWithValue("$required_capabilities", JsonSerializer.Serialize(task.RequiredCapabilities, TaskStoreJsonContext.Default.IReadOnlyListString));
        p.AddWithValue("$timeout", Ticks(task.Timeout));
        p.AddWithValue("$requested_slave_id", OrNull(task.RequestedSlaveId));
        p.AddWithValue("$working_directory", OrNull(task.WorkingDirectory));
        p.AddWithValue("$environment", task.Environment is { } environment
            ? JsonSerializer.Serialize(environment, TaskStoreJsonContext.Default.IReadOnlyDictionaryStringString)
            : DBNull.Value);
        p.AddWithValue("$environment_names", JsonSerializer.Serialize(task.EnvironmentNames, TaskStoreJsonContext.Default.IReadOnlyListString));
        p.AddWithValue("$max_retries", task.MaxRetries);
        p.AddWithValue("$submitted_by", OrNull(task.SubmittedBy));
        p.AddWithValue("$slave_id", OrNull(task.SlaveId));
        p.AddWithValue("$attempts", task.Attempts);
        p.AddWithValue("$exit_code", task.ExitCode is { } exitCode ? exitCode : DBNull.Value);
        p.AddWithValue("$output_truncated", task.OutputTruncated);
        p.AddWithValue("$error_truncated", task.ErrorTruncated);
        p.AddWithValue("$method_used", OrNull(task.MethodUsed));
        p.AddWithValue("$duration", Ticks(task.Duration));
        p.AddWithValue("$reason", OrNull(task.Reason));
        p.AddWithValue("$predicted_duration", Ticks(task.PredictedDuration));
        p.AddWithValue("$stdin", OrNull(task.Stdin));
        p.AddWithValue("$command", task.Command);
        p.AddWithValue("$output", task.Output);
        p.AddWithValue("$error", task.Error);
    }

    /// <summary>Reads the record at the reader's current row (selected with <see cref="SelectColumns"/>).</summary>
    /// <exception cref="FormatException">The row holds a value this version cannot read (an unknown status).</exception>
    public static D8TaskInfo Read(SqliteDataReader reader)
    {
        var status = reader.GetString(2);
        if (!D8TaskStatusNames.TryParse(status, out var parsedStatus))
        {
            throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"task {reader.GetString(1)} has an unknown status '{status}'"));
        }

        return new D8TaskInfo
        {
            Sequence = reader.GetInt64(0),
            TaskId = reader.GetString(1),
            Status = parsedStatus,
            Priority = reader.GetInt32(3),
            Version = reader.GetInt64(4),
            QueuedAt = ReadTime(reader, 5) ?? default,
            StartedAt = ReadTime(reader, 7),
            FinishedAt = ReadTime(reader, 9),
            TaskType = reader.GetString(11),
            Method = reader.GetString(12),
            RequiredCapabilities = JsonSerializer.Deserialize(reader.GetString(13), TaskStoreJsonContext.Default.IReadOnlyListString) ?? [],
            Timeout = ReadTicks(reader, 14),
            RequestedSlaveId = ReadString(reader, 15),
            WorkingDirectory = ReadString(reader, 16),
            Environment = reader.IsDBNull(17)
                ? null
                : JsonSerializer.Deserialize(reader.GetString(17), TaskStoreJsonContext.Default.IReadOnlyDictionaryStringString),
            EnvironmentNames = JsonSerializer.Deserialize(reader.GetString(18), TaskStoreJsonContext.Default.IReadOnlyListString) ?? [],
            MaxRetries = reader.GetInt32(19),
            SubmittedBy = ReadString(reader, 20),
            SlaveId = ReadString(reader, 21),
            Attempts = reader.GetInt32(22),
            ExitCode = reader.IsDBNull(23) ? null : reader.GetInt32(23),
            OutputTruncated = reader.GetBoolean(24),
            ErrorTruncated = reader.GetBoolean(25),
            MethodUsed = ReadString(reader, 26),
            Duration = ReadTicks(reader, 27),
            Reason = ReadString(reader, 28),
            PredictedDuration = ReadTicks(reader, 29),
            Stdin = ReadString(reader, 30),
            Command = reader.GetString(31),
            Output = reader.GetString(32),
            Error = reader.GetString(33),
        };
    }

    private static void AddTime(SqliteParameterCollection parameters, string column, DateTimeOffset? time)
    {
        parameters.AddWithValue("$" + column, time is { } at ? at.UtcTicks : DBNull.Value);
        parameters.AddWithValue("$" + column + "_offset", time is { } local ? (long)local.Offset.TotalMinutes : DBNull.Value);
    }

    private static DateTimeOffset? ReadTime(SqliteDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }

        var utc = new DateTimeOffset(reader.GetInt64(ordinal), TimeSpan.Zero);
        return utc.ToOffset(TimeSpan.FromMinutes(reader.GetInt64(ordinal + 1)));
    }

    private static object Ticks(TimeSpan? span) => span is { } value ? value.Ticks : DBNull.Value;

    private static TimeSpan? ReadTicks(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : TimeSpan.FromTicks(reader.GetInt64(ordinal));

    private static object OrNull(string? value) => value is null ? DBNull.Value : value;

    private static string? ReadString(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
