using D8.Testing.Logging;

namespace D8.Telegram.Tests.Logging;

public sealed class LogEventIdTests
{
    [Fact]
    public void LoggerMessages_TelegramPackage_HaveDistinctIdsInTheTelegramRange() =>
        LogEventIds.AssertAllInRange(typeof(D8TelegramOptions).Assembly, 5000, 5999);
}
