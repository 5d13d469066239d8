using D8.Distributed.Core.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Core.Tests.Internal;

public sealed class MasterVersionTests
{
    [Theory]
    [InlineData("abc1234def", "abc1234def", true)]
    [InlineData("abc1234def", "ABC1234DEF", true)]
    [InlineData("abc1234def", "abc1234", true)]
    [InlineData("abc1234", "abc1234def5678", true)]
    [InlineData("abc1234def", "abc12", false)]
    [InlineData("abc1234def", "fff1234def", false)]
    [InlineData("abc1234def", "unknown", false)]
    [InlineData("abc1234def", "", false)]
    [InlineData("abc1234def", null, false)]
    public void Matches_ComparesCommits(string master, string? slave, bool expected)
    {
        Assert.Equal(expected, Create(master).Matches(slave));
    }

    private static MasterVersion Create(string commit) =>
        new(Options.Create(new D8MasterOptions { Commit = commit }), new ServiceCollection().BuildServiceProvider());
}
