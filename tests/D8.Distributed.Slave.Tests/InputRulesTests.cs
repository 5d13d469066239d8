using System.Net;
using D8.Distributed.Slave.Tests.Infrastructure;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace D8.Distributed.Slave.Tests;

/// <summary>The input rules against the in-process slave, plus the body rate limit its fixture shortens.</summary>
public sealed class InputRulesTests(InputRulesTests.LoggedSlave fixture)
    : InputRulesTestsBase(fixture.Server.Client.BaseAddress!, fixture.ProblemLines), IClassFixture<InputRulesTests.LoggedSlave>
{
    [Fact]
    public async Task Execute_BodyTooSlow_Returns408WithErrorBody()
    {
        // The fixture's minimum body rate is 1,000 bytes/s after a 1.5 s grace: 5 bytes and then silence is too slow.
        var message = await ErrorAsync(Raw(Head("Content-Length: 50000") + "{\"com"), HttpStatusCode.RequestTimeout);

        Assert.StartsWith("Bad request: ", message, StringComparison.Ordinal);
    }

    /// <summary>A slave whose logs are collected, with a body rate limit short enough to test 408.</summary>
    public sealed class LoggedSlave : IAsyncLifetime
    {
        public SlaveServer Server { get; private set; } = null!;

        public FakeLogCollector Logs => Server.App.Services.GetFakeLogCollector();

        public IReadOnlyList<string> ProblemLines() =>
            [.. Logs.GetSnapshot()
                .Where(record => record.Level >= LogLevel.Error || record.Message.Contains("unhandled exception", StringComparison.OrdinalIgnoreCase))
                .Select(record => $"{record.Category} {record.Level}: {record.Message}")];

        public async Task InitializeAsync() =>
            Server = await SlaveServer.StartAsync(services: services =>
            {
                services.AddFakeLogging();
                services.Configure<KestrelServerOptions>(kestrel =>
                    kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(1000, TimeSpan.FromSeconds(1.5)));
            });

        public async Task DisposeAsync() => await Server.DisposeAsync();
    }
}
