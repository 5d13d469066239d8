using PublicApiGenerator;
using Snapshooter.Xunit;

namespace D8.Telegram.Tests;

public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_D8Telegram_MatchesSnapshot()
    {
        var api = typeof(D8TelegramOptions).Assembly.GeneratePublicApi(new ApiGeneratorOptions { ExcludeAttributes = ["System.Runtime.Versioning.TargetFrameworkAttribute", "System.Reflection.AssemblyMetadataAttribute"] });

        Snapshot.Match(api);
    }
}
