namespace D8.HumanRequests.Tests;

public sealed class HumanRequestAutoApprovalRuleTests
{
    private static NewHumanRequest Payment(decimal? cost, int priority = 5, string by = "NicheDiscovery") => new()
    {
        Type = HumanRequestType.Payment,
        Title = "t",
        EstimatedCost = cost,
        Priority = priority,
        CreatedBy = by,
    };

    [Theory]
    [InlineData(15.00, true)]
    [InlineData(20.00, true)]
    [InlineData(20.01, false)]
    [InlineData(25.00, false)]
    public void Matches_MaxCost_IsInclusive(double cost, bool expected)
    {
        var rule = new HumanRequestAutoApprovalRule { Name = "small", Type = HumanRequestType.Payment, MaxCost = 20.00m };

        Assert.Equal(expected, rule.Matches(Payment((decimal)cost)));
    }

    [Fact]
    public void Matches_EveryCriterionMustHold()
    {
        var rule = new HumanRequestAutoApprovalRule { Name = "bot", Type = HumanRequestType.Payment, MaxCost = 20m, MaxPriority = 5, CreatedBy = "nichediscovery" };

        Assert.True(rule.Matches(Payment(10m)));
        Assert.False(rule.Matches(Payment(null)));
        Assert.False(rule.Matches(Payment(10m, priority: 6)));
        Assert.False(rule.Matches(Payment(10m, by: "Congress")));
        Assert.False(rule.Matches(Payment(10m) with { Type = HumanRequestType.ApiAccount }));
        Assert.False(new HumanRequestAutoApprovalRule { Name = "nothing set" }.Matches(Payment(1m)));
    }
}
