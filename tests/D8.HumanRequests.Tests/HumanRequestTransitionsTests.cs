namespace D8.HumanRequests.Tests;

public sealed class HumanRequestTransitionsTests
{
    [Fact]
    public void Target_EveryPair_FollowsTheTableOfTheSpec()
    {
        var table = new Dictionary<(HumanRequestStatus, HumanRequestAction), HumanRequestStatus>
        {
            [(HumanRequestStatus.Pending, HumanRequestAction.Approve)] = HumanRequestStatus.Approved,
            [(HumanRequestStatus.Pending, HumanRequestAction.Reject)] = HumanRequestStatus.Rejected,
            [(HumanRequestStatus.Pending, HumanRequestAction.Postpone)] = HumanRequestStatus.Postponed,
            [(HumanRequestStatus.Pending, HumanRequestAction.Cancel)] = HumanRequestStatus.Cancelled,
            [(HumanRequestStatus.Postponed, HumanRequestAction.Resume)] = HumanRequestStatus.Pending,
            [(HumanRequestStatus.Postponed, HumanRequestAction.Approve)] = HumanRequestStatus.Approved,
            [(HumanRequestStatus.Postponed, HumanRequestAction.Reject)] = HumanRequestStatus.Rejected,
            [(HumanRequestStatus.Postponed, HumanRequestAction.Cancel)] = HumanRequestStatus.Cancelled,
            [(HumanRequestStatus.Approved, HumanRequestAction.Complete)] = HumanRequestStatus.Completed,
            [(HumanRequestStatus.Approved, HumanRequestAction.Cancel)] = HumanRequestStatus.Cancelled,
        };

        foreach (var status in Enum.GetValues<HumanRequestStatus>())
        {
            foreach (var action in Enum.GetValues<HumanRequestAction>())
            {
                HumanRequestStatus? expected = table.TryGetValue((status, action), out var to) ? to : null;
                Assert.True(expected == HumanRequestTransitions.Target(status, action), $"{status} + {action}");
                Assert.Equal(expected is not null, HumanRequestTransitions.IsAllowed(status, action));
            }
        }
    }

    [Fact]
    public void IsFinal_CompletedRejectedCancelled_AllowNothing()
    {
        foreach (var status in Enum.GetValues<HumanRequestStatus>())
        {
            var final = HumanRequestTransitions.IsFinal(status);
            Assert.Equal(status is HumanRequestStatus.Completed or HumanRequestStatus.Rejected or HumanRequestStatus.Cancelled, final);
            Assert.Equal(final, Enum.GetValues<HumanRequestAction>().All(a => !HumanRequestTransitions.IsAllowed(status, a)));
            Assert.Equal(status is HumanRequestStatus.Pending or HumanRequestStatus.Postponed, HumanRequestTransitions.IsAwaitingDecision(status));
        }
    }
}
