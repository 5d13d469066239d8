using D8.Dashboard.Internal;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace D8.Dashboard.Tests.Internal;

public sealed class SignInGateTests
{
    [Fact]
    public async Task CheckAsync_WrongPassword_IsHeldBackForTheDelay_AndHoldsBackTheNextAttempt()
    {
        var time = new FakeTimeProvider();
        using var gate = new SignInGate(Options.Create(new D8DashboardOptions { Password = "correct horse", FailedSignInDelay = TimeSpan.FromSeconds(1) }), time);

        var wrong = gate.CheckAsync("guess", CancellationToken.None);
        var right = gate.CheckAsync("correct horse", CancellationToken.None);
        Assert.False(wrong.IsCompleted);
        Assert.False(right.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(1));

        Assert.False(await wrong);
        Assert.True(await right);
    }

    [Theory]
    [InlineData("correct horse", "correct horse", true)]
    [InlineData("correct horse", "correct hors", false)]
    [InlineData("correct horse", "", false)]
    [InlineData(null, "", false)]
    [InlineData("correct horse", null, false)]
    public void Matches_ComparesWholePasswords(string? expected, string? attempt, bool matches) =>
        Assert.Equal(matches, SignInGate.Matches(expected, attempt));
}
