using PublicApiGenerator;
using Snapshooter.Xunit;

namespace D8.Distributed.Cli.Tests;

public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_D8DistributedCli_MatchesSnapshot()
    {
        var api = typeof(D8CommandLine).Assembly.GeneratePublicApi(new ApiGeneratorOptions { ExcludeAttributes = ["System.Runtime.Versioning.TargetFrameworkAttribute", "System.Reflection.AssemblyMetadataAttribute"] });

        Snapshot.Match(api);
    }
}
