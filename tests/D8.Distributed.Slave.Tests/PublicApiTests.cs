using PublicApiGenerator;
using Snapshooter.Xunit;

namespace D8.Distributed.Slave.Tests;

public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_D8DistributedSlave_MatchesSnapshot()
    {
        var api = typeof(D8SlaveOptions).Assembly.GeneratePublicApi(new ApiGeneratorOptions { ExcludeAttributes = ["System.Runtime.Versioning.TargetFrameworkAttribute", "System.Reflection.AssemblyMetadataAttribute"] });

        Snapshot.Match(api);
    }
}
