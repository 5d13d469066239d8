using D8.Distributed.Slave.Tests.Infrastructure;

namespace D8.Distributed.Slave.Tests;

/// <summary>The cancel tests against the in-process slave.</summary>
public sealed class CancelTests(SharedSlaveFixture fixture) : CancelTestsBase(fixture.Server.Wire), IClassFixture<SharedSlaveFixture>;
