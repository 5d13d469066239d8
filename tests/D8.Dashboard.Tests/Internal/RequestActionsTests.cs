using D8.Dashboard.Internal;

namespace D8.Dashboard.Tests.Internal;

/// <summary>The decision forms read the grammar of <c>HumanRequestInput</c>, as the CLI and the bot do.</summary>
public sealed class RequestActionsTests
{
    [Theory]
    [InlineData("2h", "02:00:00")]
    [InlineData(" 30m ", "00:30:00")]
    [InlineData("1w", "7.00:00:00")]
    [InlineData("1.02:00:00", "1.02:00:00")]
    public void ParseDuration_SharedGrammar_Parses(string text, string expected) =>
        Assert.Equal(TimeSpan.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), RequestActions.ParseDuration(text));

    [Theory]
    [InlineData("soon")]
    [InlineData("1.5d")]
    [InlineData("400d")]
    [InlineData("")]
    public void ParseDuration_OutsideTheGrammar_ThrowsNamingTheText(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => RequestActions.ParseDuration(text));
        Assert.Contains($"'{text}' is not a duration", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("17.50", "17.50")]
    [InlineData("17,50", "17.50")]
    [InlineData("$0", "0")]
    public void ParseCost_SharedGrammar_Parses(string text, string expected) =>
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), RequestActions.ParseCost(text));

    [Fact]
    public void ParseCost_Empty_IsNoCost() => Assert.Null(RequestActions.ParseCost("  "));

    [Theory]
    [InlineData("-1")]
    [InlineData("1,234.50")]
    [InlineData("1e3")]
    public void ParseCost_OutsideTheGrammar_ThrowsNamingTheText(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => RequestActions.ParseCost(text));
        Assert.Contains($"'{text}' is not an amount", error.Message, StringComparison.Ordinal);
    }
}
