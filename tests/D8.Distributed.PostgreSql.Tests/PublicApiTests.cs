using PublicApiGenerator;
using Snapshooter.Xunit;

namespace D8.Distributed.PostgreSql.Tests;

public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_D8DistributedPostgreSql_MatchesSnapshot()
    {
        var api = typeof(D8PostgreSqlOptions).Assembly.GeneratePublicApi(new ApiGeneratorOptions { ExcludeAttributes = ["System.Runtime.Versioning.TargetFrameworkAttribute", "System.Reflection.AssemblyMetadataAttribute"] });

        Snapshot.Match(api);
    }
}
