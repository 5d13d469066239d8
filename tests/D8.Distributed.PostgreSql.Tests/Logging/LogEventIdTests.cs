using D8.Testing.Logging;

namespace D8.Distributed.PostgreSql.Tests.Logging;

public sealed class LogEventIdTests
{
    [Fact]
    public void LoggerMessages_PostgreSqlPackage_HaveDistinctIdsInItsRange() =>
        LogEventIds.AssertAllInRange(typeof(D8PostgreSqlOptions).Assembly, 1900, 1999);
}
