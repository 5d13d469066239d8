namespace D8.HumanRequests.Tests;

public sealed class HumanRequestNamesTests
{
    [Theory]
    [InlineData(HumanRequestType.Payment, "payment")]
    [InlineData(HumanRequestType.DesignDecision, "design_decision")]
    [InlineData(HumanRequestType.ApiAccount, "api_account")]
    [InlineData(HumanRequestType.ContentApproval, "content_approval")]
    [InlineData(HumanRequestType.StrategicDecision, "strategic_decision")]
    [InlineData(HumanRequestType.Other, "other")]
    public void ToWireName_Type_IsTheOldSystemsName(HumanRequestType type, string name)
    {
        Assert.Equal(name, type.ToWireName());
        Assert.True(HumanRequestNames.TryParseType(name.ToUpperInvariant(), out var parsed));
        Assert.Equal(type, parsed);
        Assert.True(HumanRequestNames.TryParseType(type.ToString(), out parsed));
        Assert.Equal(type, parsed);
    }

    [Fact]
    public void TryParse_Statuses_RoundTripAndRejectUnknown()
    {
        foreach (var status in Enum.GetValues<HumanRequestStatus>())
        {
            Assert.True(HumanRequestNames.TryParseStatus(status.ToWireName(), out var parsed));
            Assert.Equal(status, parsed);
        }

        Assert.Equal("cancelled", HumanRequestStatus.Cancelled.ToWireName());
        Assert.False(HumanRequestNames.TryParseStatus("maybe", out _));
        Assert.False(HumanRequestNames.TryParseType(null, out _));
        Assert.False(HumanRequestNames.TryParseAction(" ", out _));
    }
}
