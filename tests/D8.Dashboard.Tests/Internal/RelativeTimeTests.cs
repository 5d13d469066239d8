using D8.Dashboard.Internal;

namespace D8.Dashboard.Tests.Internal;

/// <summary>"3 min ago" / "in 2 h": whole units rounded down, a date after 30 days, the absolute time on hover.</summary>
public sealed class RelativeTimeTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, "just now")]
    [InlineData(-9, "just now")]
    [InlineData(9, "just now")]
    [InlineData(-10, "10 s ago")]
    [InlineData(-59, "59 s ago")]
    [InlineData(-60, "1 min ago")]
    [InlineData(-180, "3 min ago")]
    [InlineData(-3599, "59 min ago")]
    [InlineData(-3600, "1 h ago")]
    [InlineData(-86399, "23 h ago")]
    [InlineData(-86400, "1 d ago")]
    [InlineData(-29 * 86400, "29 d ago")]
    [InlineData(45, "in 45 s")]
    [InlineData(7200, "in 2 h")]
    [InlineData(7199, "in 1 h")]
    [InlineData(3 * 86400, "in 3 d")]
    public void Format_Difference_WholeUnitsRoundedDown(int seconds, string expected) =>
        Assert.Equal(expected, RelativeTime.Format(Now.AddSeconds(seconds), Now, TimeZoneInfo.Utc));

    [Fact]
    public void Format_MoreThan30DaysAway_IsTheLocalDate()
    {
        var zone = TimeZoneInfo.CreateCustomTimeZone("UTC+3", TimeSpan.FromHours(3), "UTC+3", "UTC+3");

        Assert.Equal("2026-10-02", RelativeTime.Format(new DateTimeOffset(2026, 10, 1, 22, 0, 0, TimeSpan.Zero), Now, zone));
        Assert.Equal("2027-01-05", RelativeTime.Format(new DateTimeOffset(2027, 1, 5, 8, 0, 0, TimeSpan.Zero), Now, zone));
    }

    [Fact]
    public void Markup_Time_IsATimeElementWithTheAbsoluteLocalTimeAsTitle()
    {
        var zone = TimeZoneInfo.CreateCustomTimeZone("UTC+1", TimeSpan.FromHours(1), "UTC+1", "UTC+1");

        var markup = RelativeTime.Markup(Now.AddMinutes(-3), Now, zone);

        Assert.Equal("<time datetime=\"2026-12-01T10:27:00Z\" title=\"2026-12-01 11:27:00 &#x2B;01:00\">3 min ago</time>", markup);
    }

    [Fact]
    public void Markup_NoTime_IsTheEncodedPlaceholder() =>
        Assert.Equal("never", RelativeTime.Markup(null, Now, TimeZoneInfo.Utc, "never"));
}
