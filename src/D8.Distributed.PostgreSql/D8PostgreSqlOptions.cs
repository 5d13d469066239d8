using System.ComponentModel.DataAnnotations;

namespace D8.Distributed.PostgreSql;

/// <summary>
/// Options of the PostgreSQL stores, bound from the configuration section <see cref="SectionName"/>; validated at
/// start-up (a missing or malformed connection string fails start-up with a message that never shows the password).
/// </summary>
public sealed class D8PostgreSqlOptions
{
    /// <summary>The configuration section, <c>D8:PostgreSql</c>.</summary>
    public const string SectionName = "D8:PostgreSql";

    /// <summary>The default schema, <c>d8</c>.</summary>
    public const string DefaultSchema = "d8";

    /// <summary>
    /// The Npgsql connection string (<c>Host=...;Database=...;Username=...;Password=...</c>). Required. d8-master also
    /// reads it from the file named by <c>D8_POSTGRESQL_CONNECTION_STRING_FILE</c> or the systemd credential
    /// <c>postgresql_connection_string</c>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The schema every table lives in (created when missing), so several D8 installations can share one database.
    /// Lower-case letters, digits and underscores, starting with a letter. Default <c>d8</c>.
    /// </summary>
    [RegularExpression("^[a-z][a-z0-9_]{0,62}$", ErrorMessage = "D8:PostgreSql:Schema must be lower-case letters, digits and underscores, starting with a letter (at most 63 characters).")]
    public string Schema { get; set; } = DefaultSchema;

    /// <summary>How long one command may run before it fails. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a store checks for changes another master made when no notification arrived (a lost
    /// LISTEN connection). Notifications make changes visible sooner. Default 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan ChangePollInterval { get; set; } = TimeSpan.FromSeconds(1);
}
