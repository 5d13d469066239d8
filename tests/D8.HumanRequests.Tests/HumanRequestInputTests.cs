using System.Globalization;

namespace D8.HumanRequests.Tests;

public sealed class HumanRequestInputTests
{
    [Theory]
    [InlineData("30m", "00:30:00")]
    [InlineData("2h", "02:00:00")]
    [InlineData("2H", "02:00:00")]
    [InlineData("1d", "1.00:00:00")]
    [InlineData("1w", "7.00:00:00")]
    [InlineData("52w", "364.00:00:00")]
    [InlineData("365d", "365.00:00:00")]
    [InlineData("525600m", "365.00:00:00")]
    [InlineData(" 90m ", "01:30:00")]
    [InlineData("1.02:00:00", "1.02:00:00")]
    [InlineData("2:30", "02:30:00")]
    [InlineData("02:30:15", "02:30:15")]
    [InlineData("0:01", "00:01:00")]
    [InlineData("365.00:00:00", "365.00:00:00")]
    public void TryParseDuration_GrammarForm_Parses(string text, string expected)
    {
        Assert.True(HumanRequestInput.TryParseDuration(text, out var duration), text);
        Assert.Equal(TimeSpan.Parse(expected, CultureInfo.InvariantCulture), duration);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("0m")]
    [InlineData("0:00")]
    [InlineData("-1d")]
    [InlineData("+1d")]
    [InlineData("-1.00:00:00")]
    [InlineData("366d")]
    [InlineData("53w")]
    [InlineData("365.00:00:01")]
    [InlineData("9999999d")]
    [InlineData("1.5h")]
    [InlineData("1,5h")]
    [InlineData("30")]
    [InlineData("30 m")]
    [InlineData("2x")]
    [InlineData("h")]
    [InlineData("1d2h")]
    [InlineData("24:00")]
    [InlineData("1:60")]
    [InlineData("1:00:60")]
    [InlineData("1:5")]
    [InlineData("1.02:00:00.5")]
    [InlineData("٣d")]
    public void TryParseDuration_OutsideTheGrammar_Refused(string? text)
    {
        Assert.False(HumanRequestInput.TryParseDuration(text, out var duration), text);
        Assert.Equal(TimeSpan.Zero, duration);
    }

    [Theory]
    [InlineData("12.99", "12.99")]
    [InlineData("$12.99", "12.99")]
    [InlineData("12,99", "12.99")]
    [InlineData("$12,9", "12.9")]
    [InlineData("12", "12")]
    [InlineData("$0", "0")]
    [InlineData("0.5", "0.5")]
    [InlineData("1234.50", "1234.50")]
    [InlineData("1000000", "1000000")]
    [InlineData(" $5 ", "5")]
    public void TryParseAmount_GrammarForm_Parses(string text, string expected)
    {
        Assert.True(HumanRequestInput.TryParseAmount(text, out var amount), text);
        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), amount);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("$")]
    [InlineData("-5")]
    [InlineData("$-5")]
    [InlineData("+5")]
    [InlineData("1000000.01")]
    [InlineData("99999999")]
    [InlineData("1,234.50")]
    [InlineData("1.234,50")]
    [InlineData("1,234")]
    [InlineData("1.234")]
    [InlineData("12.999")]
    [InlineData("12.")]
    [InlineData(".5")]
    [InlineData("1e5")]
    [InlineData("12.99€")]
    [InlineData("€12.99")]
    [InlineData("12.99$")]
    [InlineData("$ 12")]
    [InlineData("12 99")]
    [InlineData("$12.x9")]
    [InlineData("$12.9.9")]
    [InlineData("١٢")]
    public void TryParseAmount_OutsideTheGrammar_Refused(string? text)
    {
        Assert.False(HumanRequestInput.TryParseAmount(text, out var amount), text);
        Assert.Equal(0m, amount);
    }

    [Fact]
    public void TryParse_UnderAnotherCulture_SameResults()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            // Comma decimal separator, dot thousands separator: must change nothing.
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("es-ES");
            Assert.True(HumanRequestInput.TryParseAmount("12.99", out var dot));
            Assert.True(HumanRequestInput.TryParseAmount("12,99", out var comma));
            Assert.True(HumanRequestInput.TryParseDuration("1.02:00:00", out var duration));
            Assert.Equal(12.99m, dot);
            Assert.Equal(12.99m, comma);
            Assert.Equal(new TimeSpan(1, 2, 0, 0), duration);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }
}
