using System.Net;
using System.Text.Json;
using D8.Distributed.Slave.Internal;
using D8.Distributed.Slave.Tests.Infrastructure;

namespace D8.Distributed.Slave.Tests;

/// <summary>Health and version against the old Python slave's recorded bodies.</summary>
public sealed class SlaveApiTests
{
    [Fact]
    public async Task Health_ManyCalls_NeverSpawnAProbe()
    {
        Requirements.Python3();
        // No background refresh during the test: every probe counted here would come from a health call.
        await using var server = await SlaveServer.StartAsync(o => o.CapabilityRefreshInterval = TimeSpan.FromDays(1));
        var probe = server.Service<CapabilityProbe>();
        // The first probe runs in the background from the start; the first health call waits for it.
        await server.HealthAsync();
        var before = probe.ProbeCount;

        for (var i = 0; i < 24; i++)
        {
            await server.HealthAsync();
        }

        Assert.Equal(1, before);
        Assert.Equal(before, probe.ProbeCount);
    }

    [Fact]
    public async Task Start_FirstProbeSlow_ListensAtOnceAndHealthAnswersWhenTheProbeIsDone()
    {
        // A python3 that waits until the test lets it go: the first probe cannot finish before that.
        using var shim = new TempDirectory("d8-slow-python");
        var gate = shim.Combine("go");
        FakeInterpreter.Write(shim.Combine("python3"), $"while [ ! -e '{gate}' ]; do sleep 0.02; done\nexec '{Requirements.RealPython3()}' \"$@\"");
        await using var server = await SlaveServer.StartAsync(o => { o.ExecutableSearchPath = shim.Path; o.CapabilityRefreshInterval = TimeSpan.FromDays(1); });
        var probe = server.Service<CapabilityProbe>();

        // The host started and Kestrel answers although the probe is still waiting for its interpreter.
        Assert.False(probe.IsProbed);
        using var version = await server.Client.GetAsync("/api/version");
        Assert.Equal(HttpStatusCode.OK, version.StatusCode);
        var health = server.HealthAsync();
        Assert.False(health.IsCompleted, "health must wait for the first probe, not report an unprobed slave");

        await File.WriteAllTextAsync(gate, "");
        var answer = await health.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(probe.IsProbed);
        Assert.True(answer.ExecutionMethods.Python);
        Assert.StartsWith("3.", answer.PythonVersion, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_OptionsUnset_ResolvesFromVersionInfoFile()
    {
        using var contentRoot = new TempDirectory();
        await File.WriteAllTextAsync(contentRoot.Combine("version_info.json"), """{"commit":"feedbee","version":"2.3.4","branch":"release"}""");
        var resolved = new SlaveVersionProvider(
            Microsoft.Extensions.Options.Options.Create(new D8SlaveOptions { AuthToken = "t", Branch = "override" }),
            new TestHostEnvironment(contentRoot.Path)).Current;

        Assert.Equal(new D8.Distributed.Contracts.D8VersionInfo("feedbee", "2.3.4", "override"), resolved);
    }

    internal static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", "python-d8", "wire", name);

    /// <summary>Every field of the fixture is present with the same JSON value kind (recursively); extra fields are allowed.</summary>
    internal static void AssertMatchesFixture(string fixture, string actualJson)
    {
        using var expected = JsonDocument.Parse(File.ReadAllText(Fixture(fixture)));
        using var actual = JsonDocument.Parse(actualJson);
        AssertSameShape(expected.RootElement, actual.RootElement, "$", actualJson);
    }

    private static void AssertSameShape(JsonElement expected, JsonElement actual, string path, string body)
    {
        Assert.True(Kind(expected) == Kind(actual), $"{path}: expected a {Kind(expected)} like the Python slave, got {Kind(actual)} in {body}");
        if (expected.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var property in expected.EnumerateObject())
        {
            Assert.True(actual.TryGetProperty(property.Name, out var value), $"{path}.{property.Name} is missing from {body}");
            AssertSameShape(property.Value, value, $"{path}.{property.Name}", body);
        }
    }

    private static string Kind(JsonElement element) => element.ValueKind is JsonValueKind.True or JsonValueKind.False ? "boolean" : element.ValueKind.ToString();
}
