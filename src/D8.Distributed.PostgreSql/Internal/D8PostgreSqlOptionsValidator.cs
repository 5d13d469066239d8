using Microsoft.Extensions.Options;
using Npgsql;

namespace D8.Distributed.PostgreSql.Internal;

/// <summary>Checks the connection string at start-up; its messages name the keywords, never a value (the password).</summary>
internal sealed class D8PostgreSqlOptionsValidator : IValidateOptions<D8PostgreSqlOptions>
{
    private const string Key = "D8:PostgreSql:ConnectionString";

    public ValidateOptionsResult Validate(string? name, D8PostgreSqlOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail(
                $"{Key} is not set: give the PostgreSQL connection string (Host=...;Database=...;Username=...;Password=...), " +
                "in the configuration, or in a file named by D8_POSTGRESQL_CONNECTION_STRING_FILE.");
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            var keywords = options.ConnectionString
                .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(part => part.Split('=', 2)[0].Trim())
                .Where(keyword => keyword.Length > 0);
            return ValidateOptionsResult.Fail(
                $"{Key} is not a valid Npgsql connection string (keywords given: {string.Join(", ", keywords)}): write it as " +
                "Host=...;Port=5432;Database=...;Username=...;Password=... (the values are not shown here).");
        }

        return string.IsNullOrWhiteSpace(builder.Host)
            ? ValidateOptionsResult.Fail($"{Key} names no Host: add Host=<server> (a name, an address or a unix socket directory).")
            : ValidateOptionsResult.Success;
    }
}
