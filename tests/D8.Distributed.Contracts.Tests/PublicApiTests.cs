using PublicApiGenerator;
using Snapshooter.Xunit;

namespace D8.Distributed.Contracts.Tests;

public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_D8DistributedContracts_MatchesSnapshot()
    {
        var api = typeof(D8JsonContext).Assembly.GeneratePublicApi(new ApiGeneratorOptions { ExcludeAttributes = ["System.Runtime.Versioning.TargetFrameworkAttribute", "System.Reflection.AssemblyMetadataAttribute"] });

        Snapshot.Match(api);
    }
}
