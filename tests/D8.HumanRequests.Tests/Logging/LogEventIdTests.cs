using D8.Testing.Logging;

namespace D8.HumanRequests.Tests.Logging;

public sealed class LogEventIdTests
{
    [Fact]
    public void LoggerMessages_HumanRequestsPackage_HaveDistinctIdsInTheHumanRequestsRange() =>
        LogEventIds.AssertAllInRange(typeof(D8HumanRequestsOptions).Assembly, 3000, 3999);
}
