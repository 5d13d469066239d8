using D8.Distributed.Slave.Tests.Infrastructure;

namespace D8.Distributed.Slave.Tests;

/// <summary>The execute tests against the in-process slave.</summary>
public sealed class ExecuteTests(SharedSlaveFixture fixture)
    : ExecuteTestsBase(fixture.Server.Wire, fixture.Workspace.Path), IClassFixture<SharedSlaveFixture>;
