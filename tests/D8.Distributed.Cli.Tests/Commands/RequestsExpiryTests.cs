using System.Text.Json.Nodes;
using D8.Distributed.Cli.Tests.Infrastructure;

namespace D8.Distributed.Cli.Tests.Commands;

/// <summary><c>requests create --expires</c>: a duration from now or an ISO time; refused when unreadable or past.</summary>
public sealed class RequestsExpiryTests
{
    [Fact]
    public async Task CreateWithExpiresDuration_ExpiresThatLongAfterNow()
    {
        using var data = new TempDirectory();
        var cli = new CliRunner(data.Path);

        var before = DateTimeOffset.UtcNow;
        var created = await cli.RunAsync("requests", "create", "--type", "payment", "--title", "Dominio", "--expires", "2h", "--json");
        var after = DateTimeOffset.UtcNow;

        Assert.True(created.ExitCode == 0, created.ToString());
        var expiresAt = JsonNode.Parse(created.Output)!["expires_at"]!.GetValue<DateTimeOffset>();
        Assert.InRange(expiresAt, before + TimeSpan.FromHours(2), after + TimeSpan.FromHours(2));
    }

    [Fact]
    public async Task CreateWithExpiresIsoTime_IsStoredAndShown()
    {
        using var data = new TempDirectory();
        var cli = new CliRunner(data.Path);

        var created = await cli.RunAsync("requests", "create", "--type", "payment", "--title", "Dominio", "--expires", "2099-01-02T03:04:00+01:00", "--json");
        var shown = await cli.RunAsync("requests", "show", "req-0001");

        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Equal(new DateTimeOffset(2099, 1, 2, 3, 4, 0, TimeSpan.FromHours(1)), JsonNode.Parse(created.Output)!["expires_at"]!.GetValue<DateTimeOffset>());
        Assert.Contains("  expires:     ", shown.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateWithExpiresInThePast_RefusedNamingTheField_NothingCreated()
    {
        using var data = new TempDirectory();
        var cli = new CliRunner(data.Path);

        var refused = await cli.RunAsync("requests", "create", "--type", "payment", "--title", "Dominio", "--expires", "2020-01-01T00:00:00Z");
        var list = await cli.RunAsync("requests", "list");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("ExpiresAt must be in the future", refused.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", refused.Error, StringComparison.Ordinal);
        Assert.Contains("No human requests.", list.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateWithUnreadableExpires_IsAUsageErrorNamingTheOption()
    {
        using var data = new TempDirectory();
        var cli = new CliRunner(data.Path);

        var refused = await cli.RunAsync("requests", "create", "--type", "payment", "--title", "Dominio", "--expires", "tomorrow");

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("Cannot read the expiry 'tomorrow' of --expires", refused.Error, StringComparison.Ordinal);
    }
}
