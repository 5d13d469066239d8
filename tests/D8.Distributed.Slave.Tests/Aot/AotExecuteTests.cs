namespace D8.Distributed.Slave.Tests.Aot;

/// <summary>The execute tests against the published NativeAOT d8-slave, run as a process (<see cref="AotSlaveProcess"/>).</summary>
public sealed class AotExecuteTests(AotSlaveProcess slave) : ExecuteTestsBase(slave.Wire, slave.Workspace.Path), IClassFixture<AotSlaveProcess>;
