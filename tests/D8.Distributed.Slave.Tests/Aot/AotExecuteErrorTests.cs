namespace D8.Distributed.Slave.Tests.Aot;

/// <summary>The execute refusals against the published NativeAOT d8-slave, run as a process (<see cref="AotSlaveProcess"/>).</summary>
public sealed class AotExecuteErrorTests(AotSlaveProcess slave) : ExecuteErrorTestsBase(slave.Wire, slave.Workspace.Path), IClassFixture<AotSlaveProcess>;
