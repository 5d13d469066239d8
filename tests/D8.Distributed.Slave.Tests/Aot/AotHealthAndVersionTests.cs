namespace D8.Distributed.Slave.Tests.Aot;

/// <summary>The health and version against the published NativeAOT d8-slave, run as a process (<see cref="AotSlaveProcess"/>).</summary>
public sealed class AotHealthAndVersionTests(AotSlaveProcess slave) : HealthAndVersionTestsBase(slave.Wire), IClassFixture<AotSlaveProcess>;
