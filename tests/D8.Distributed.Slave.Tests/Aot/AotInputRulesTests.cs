namespace D8.Distributed.Slave.Tests.Aot;

/// <summary>The input rules (over raw sockets) against the published NativeAOT d8-slave, run as a process (<see cref="AotSlaveProcess"/>).</summary>
public sealed class AotInputRulesTests(AotSlaveProcess slave) : InputRulesTestsBase(slave.Wire.Client.BaseAddress!, slave.ProblemLines), IClassFixture<AotSlaveProcess>;
