using System.Net;
using System.Text.Json;
using D8.Distributed.Slave.Tests.Infrastructure;

namespace D8.Distributed.Slave.Tests;

/// <summary>
/// Health and version against the old Python slave's recorded bodies, over HTTP only: run against the in-process slave
/// (<see cref="HealthAndVersionTests"/>) and the published NativeAOT d8-slave (<c>Aot.AotHealthAndVersionTests</c>).
/// </summary>
/// <param name="slave">The slave's API, with commit abc1234def, version 1.0.0 and branch main configured.</param>
public abstract class HealthAndVersionTestsBase(SlaveClient slave)
{
    [Fact]
    public async Task Health_Get_MatchesPythonFixtureFieldForField()
    {
        using var response = await slave.Client.GetAsync("/api/health");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        SlaveApiTests.AssertMatchesFixture("health.json", body);
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        Assert.Equal("healthy", root.GetProperty("status").GetString());
        Assert.True(root.GetProperty("execution_methods").GetProperty("python").GetBoolean());
        Assert.StartsWith("3.", root.GetProperty("python_version").GetString(), StringComparison.Ordinal);
        Assert.Equal("abc1234def", root.GetProperty("commit").GetString());
        foreach (var extra in new[] { "hostname", "os", "cpu_count", "running_tasks", "max_concurrent_tasks", "queued_tasks", "capabilities", "uptime_seconds" })
        {
            Assert.True(root.TryGetProperty(extra, out _), $"health lacks our extra field '{extra}': {body}");
        }
    }

    [Fact]
    public async Task Version_Get_MatchesPythonFixtureExactly()
    {
        var body = await slave.Client.GetStringAsync("/api/version");

        SlaveApiTests.AssertMatchesFixture("version.json", body);
        var expected = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(SlaveApiTests.Fixture("version.json")));
        Assert.Equal(expected, JsonSerializer.Deserialize<Dictionary<string, string>>(body));
    }
}
