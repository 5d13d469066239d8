namespace D8.Distributed.PostgreSql.Internal;

/// <summary>The schema cannot be used by this build (a newer version).</summary>
internal sealed class PostgreSqlSchemaException(string message) : InvalidOperationException(message);
