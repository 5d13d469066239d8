using D8.Testing.Logging;

namespace D8.Dashboard.Tests.Logging;

public sealed class LogEventIdTests
{
    [Fact]
    public void LoggerMessages_DashboardPackage_HaveDistinctIdsInTheDashboardRange() =>
        LogEventIds.AssertAllInRange(typeof(D8DashboardOptions).Assembly, 4000, 4999);
}
