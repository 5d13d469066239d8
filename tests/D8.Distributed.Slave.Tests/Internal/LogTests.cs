using System.Reflection;
using D8.Distributed.Slave.Internal;
using Microsoft.Extensions.Logging;

namespace D8.Distributed.Slave.Tests.Internal;

public sealed class LogTests
{
    [Fact]
    public void Log_EveryMessage_HasAUniqueEventIdInTheSlaveRange()
    {
        var ids = typeof(Log).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Select(method => method.GetCustomAttribute<LoggerMessageAttribute>())
            .OfType<LoggerMessageAttribute>()
            .Select(attribute => attribute.EventId)
            .ToList();

        Assert.NotEmpty(ids);
        Assert.All(ids, id => Assert.InRange(id, 2001, 2999));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }
}
