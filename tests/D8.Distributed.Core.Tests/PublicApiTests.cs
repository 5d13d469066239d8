using PublicApiGenerator;
using Snapshooter.Xunit;

namespace D8.Distributed.Core.Tests;

public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_D8DistributedCore_MatchesSnapshot()
    {
        var api = typeof(D8MasterOptions).Assembly.GeneratePublicApi(new ApiGeneratorOptions { ExcludeAttributes = ["System.Runtime.Versioning.TargetFrameworkAttribute", "System.Reflection.AssemblyMetadataAttribute"] });

        Snapshot.Match(api);
    }
}
