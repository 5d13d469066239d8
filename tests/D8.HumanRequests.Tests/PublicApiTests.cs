using PublicApiGenerator;
using Snapshooter.Xunit;

namespace D8.HumanRequests.Tests;

public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_D8HumanRequests_MatchesSnapshot()
    {
        var api = typeof(IHumanRequestManager).Assembly.GeneratePublicApi(new ApiGeneratorOptions { ExcludeAttributes = ["System.Runtime.Versioning.TargetFrameworkAttribute", "System.Reflection.AssemblyMetadataAttribute"] });

        Snapshot.Match(api);
    }
}
