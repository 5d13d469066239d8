using D8.Telegram.Internal.Commands;

namespace D8.Telegram.Tests.Internal.Commands;

public sealed class ArgumentParsersTests
{
    [Theory]
    [InlineData("30m", 0, 30)]
    [InlineData("2h", 2, 0)]
    [InlineData("2H", 2, 0)]
    [InlineData("1d", 24, 0)]
    [InlineData("365d", 365 * 24, 0)]
    public void TryParseDuration_Valid_Parses(string text, int hours, int minutes)
    {
        Assert.True(ArgumentParsers.TryParseDuration(text, out var duration));
        Assert.Equal(new TimeSpan(hours, minutes, 0), duration);
    }

    [Theory]
    [InlineData("0h")]
    [InlineData("2x")]
    [InlineData("1.5h")]
    [InlineData("366d")]
    [InlineData("-1d")]
    [InlineData("h")]
    [InlineData("9999999d")]
    public void TryParseDuration_Invalid_Fails(string text) => Assert.False(ArgumentParsers.TryParseDuration(text, out _));

    [Theory]
    [InlineData("$12.99", "12.99")]
    [InlineData("12.99", "12.99")]
    [InlineData("12,99", "12.99")]
    [InlineData("$12", "12")]
    [InlineData("$0", "0")]
    public void TryParseAmount_Valid_Parses(string text, string expected)
    {
        Assert.True(ArgumentParsers.TryParseAmount(text, out var amount));
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), amount);
    }

    [Theory]
    [InlineData("$12.x9")]
    [InlineData("$-5")]
    [InlineData("$")]
    [InlineData("12.999")]
    [InlineData("1e5")]
    [InlineData("$12.9.9")]
    public void TryParseAmount_Invalid_Fails(string text) => Assert.False(ArgumentParsers.TryParseAmount(text, out _));
}
