namespace D8.Distributed.Slave.Tests.Aot;

/// <summary>The cancel tests against the published NativeAOT d8-slave, run as a process (<see cref="AotSlaveProcess"/>).</summary>
public sealed class AotCancelTests(AotSlaveProcess slave) : CancelTestsBase(slave.Wire), IClassFixture<AotSlaveProcess>;
