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

    [Fact]
    public void Assembly_DoesNotCarryTheStrictBinder()
    {
        // Contracts binds no options: the binder is compiled into the packages that do, and into this test project.
        Assert.NotNull(Type.GetType("D8.Distributed.Contracts.D8JsonContext, D8.Distributed.Contracts"));
        Assert.Null(Type.GetType("D8.Shared.Configuration.StrictConfigurationBinder, D8.Distributed.Contracts"));
        Assert.Equal(typeof(PublicApiTests).Assembly, typeof(D8.Shared.Configuration.StrictConfigurationBinder).Assembly);
    }
}
