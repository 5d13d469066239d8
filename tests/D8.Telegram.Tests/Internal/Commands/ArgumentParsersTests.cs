using D8.Telegram.Internal.Commands;

namespace D8.Telegram.Tests.Internal.Commands;

/// <summary>Which words the bot reads as a duration or an amount; the grammar itself is tested with
/// <c>HumanRequestInput</c> in the human-requests tests.</summary>
public sealed class ArgumentParsersTests
{
    [Theory]
    [InlineData("30m", true)]
    [InlineData("1.02:00:00", true)]
    [InlineData("2x", true)]
    [InlineData("mañana", false)]
    [InlineData("-1d", false)]
    [InlineData("", false)]
    public void LooksLikeDuration_Word_StartsWithADigit(string word, bool expected) =>
        Assert.Equal(expected, ArgumentParsers.LooksLikeDuration(word));

    [Theory]
    [InlineData("$12.99", true)]
    [InlineData("12,99", true)]
    [InlineData("$-5", true)]
    [InlineData("Comprado", false)]
    [InlineData("€12", false)]
    [InlineData("", false)]
    public void LooksLikeAmount_Word_StartsWithADollarOrADigit(string word, bool expected) =>
        Assert.Equal(expected, ArgumentParsers.LooksLikeAmount(word));
}
