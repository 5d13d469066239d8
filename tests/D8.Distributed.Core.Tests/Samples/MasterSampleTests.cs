using D8.Distributed.Core.Tests.Support;
using D8.Testing;
using D8.Testing.Slaves;

namespace D8.Distributed.Core.Tests.Samples;

public sealed class MasterSampleTests
{
    [Fact]
    public async Task RunAsync_DocsSample_RunsATaskOnTheConfiguredSlave()
    {
        await using var slave = await FakeSlave.StartAsync();
        using var data = new TempDirectory();
        string[] args =
        [
            "--D8:Master:Token=sample-token",
            $"--D8:Master:DataDirectory={data.Path}",
            $"--D8:Master:Commit={MasterHost.FixtureCommit}",
            $"--D8:Master:Slaves:desk:Host={slave.Host}",
            $"--D8:Master:Slaves:desk:Port={slave.Port}",
            "--D8:Master:Slaves:desk:Capabilities:0=gpu",
        ];

        var output = await MasterSample.RunAsync(args);

        Assert.Equal("42\n", output);
        Assert.Equal("Bearer sample-token", Assert.Single(slave.ReceivedAuthorizations));
        Assert.True(File.Exists(Path.Combine(data.Path, "slaves", "config.json")));
    }
}
