using D8.Distributed.Core.Tests.Support;
using D8.Testing;
using D8.Testing.Slaves;
using Microsoft.Extensions.Configuration;

namespace D8.Distributed.Core.Tests.Samples;

public sealed class MasterSampleTests
{
    [Fact]
    public async Task RunAsync_DocsSample_RunsATaskOnARegisteredSlave()
    {
        await using var slave = await FakeSlave.StartAsync();
        using var data = new TempDirectory();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["D8:Master:Token"] = "sample-token",
            ["D8:Master:DataDirectory"] = data.Path,
            ["D8:Master:Commit"] = MasterHost.FixtureCommit,
        }).Build();

        var output = await MasterSample.RunAsync(configuration, slave.Host, slave.Port);

        Assert.Equal("42\n", output);
        Assert.Equal("Bearer sample-token", Assert.Single(slave.ReceivedAuthorizations));
        Assert.True(File.Exists(Path.Combine(data.Path, "slaves", "config.json")));
    }
}
