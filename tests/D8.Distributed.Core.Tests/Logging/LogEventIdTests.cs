using D8.Testing.Logging;

namespace D8.Distributed.Core.Tests.Logging;

public sealed class LogEventIdTests
{
    [Fact]
    public void LoggerMessages_CorePackage_HaveDistinctIdsInTheCoreRange() =>
        LogEventIds.AssertAllInRange(typeof(D8MasterOptions).Assembly, 1000, 1999);
}
