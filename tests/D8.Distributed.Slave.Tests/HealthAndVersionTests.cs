using D8.Distributed.Slave.Tests.Infrastructure;

namespace D8.Distributed.Slave.Tests;

/// <summary>Health and version against the in-process slave.</summary>
public sealed class HealthAndVersionTests(SharedSlaveFixture fixture) : HealthAndVersionTestsBase(fixture.Server.Wire), IClassFixture<SharedSlaveFixture>;
