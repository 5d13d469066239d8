using PublicApiGenerator;
using Snapshooter.Xunit;

namespace D8.Dashboard.Tests;

public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_D8Dashboard_MatchesSnapshot()
    {
        var api = typeof(D8DashboardOptions).Assembly.GeneratePublicApi(new ApiGeneratorOptions { ExcludeAttributes = ["System.Runtime.Versioning.TargetFrameworkAttribute", "System.Reflection.AssemblyMetadataAttribute"] });

        Snapshot.Match(api);
    }
}
