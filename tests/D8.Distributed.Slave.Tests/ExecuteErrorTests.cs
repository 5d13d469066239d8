using D8.Distributed.Slave.Tests.Infrastructure;

namespace D8.Distributed.Slave.Tests;

/// <summary>The execute refusals against the in-process slave.</summary>
public sealed class ExecuteErrorTests(SharedSlaveFixture fixture)
    : ExecuteErrorTestsBase(fixture.Server.Wire, fixture.Workspace.Path), IClassFixture<SharedSlaveFixture>;
