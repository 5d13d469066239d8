using System.Diagnostics;
using D8.Distributed.Contracts;

namespace D8.Distributed.Cli.Tests.Deploy;

/// <summary>
/// deploy/systemd/*.service: the hardening of spec §12 is there, and every <c>LoadCredential=</c> name is one the hosts
/// read (D8LegacyEnvironment's credential names), so the units and the code cannot drift apart.
/// </summary>
public sealed class SystemdUnitTests
{
    private static readonly string[] CredentialsTheHostsRead =
    [
        D8LegacyEnvironment.SlaveTokenCredential,
        D8LegacyEnvironment.ApiTokenCredential,
        D8LegacyEnvironment.DashboardPasswordCredential,
        D8LegacyEnvironment.TelegramTokenCredential,
    ];

    [Theory]
    [InlineData("d8-master.service", "/opt/d8/d8-master run")]
    [InlineData("d8-slave.service", "/opt/d8/d8-slave --host 0.0.0.0 --port 7600")]
    public void Unit_HasTheRequiredHardening(string unit, string execStart)
    {
        var service = Parse(unit)["Service"];

        Assert.Equal([execStart], service["ExecStart"]);
        Assert.Equal(["notify"], service["Type"]);
        Assert.Equal(["yes"], service["NoNewPrivileges"]);
        Assert.Equal(["strict"], service["ProtectSystem"]);
        Assert.Equal(["yes"], service["ProtectHome"]);
        Assert.Equal(["yes"], service["PrivateTmp"]);
        Assert.Equal(["on-failure"], service["Restart"]);
        Assert.Equal(["d8"], service["User"]);
        Assert.NotEmpty(service["ReadWritePaths"]);
        Assert.NotEmpty(service["LoadCredential"]);
        Assert.False(service.ContainsKey("EnvironmentFile") && service["EnvironmentFile"].Any(file => !file.StartsWith('-')), "an EnvironmentFile must be optional (-): secrets are credentials");
        Assert.DoesNotContain(service.GetValueOrDefault("Environment", []), setting => setting.Contains("TOKEN=", StringComparison.Ordinal) || setting.Contains("PASSWORD=", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("d8-master.service", new[] { "slave_token", "d8_api_token", "d8_dashboard_password", "telegram_token" })]
    [InlineData("d8-slave.service", new[] { "slave_token" })]
    public void Unit_LoadCredentialNames_AreTheOnesTheHostsRead(string unit, string[] expected)
    {
        var names = Parse(unit)["Service"]["LoadCredential"].Select(value => value.Split(':', 2)[0]).ToArray();

        Assert.Equal(expected, names);
        Assert.All(names, name => Assert.Contains(name, CredentialsTheHostsRead));
    }

    [Fact]
    public void MasterUnit_DataDirectory_IsUnderItsReadWritePaths()
    {
        var service = Parse("d8-master.service")["Service"];
        var dataDirectory = Assert.Single(service["Environment"], setting => setting.StartsWith("D8_DATA_DIR=", StringComparison.Ordinal))["D8_DATA_DIR=".Length..];

        Assert.Contains(service["ReadWritePaths"], path => dataDirectory.StartsWith(path + "/", StringComparison.Ordinal));
    }

    /// <summary>
    /// systemctl stop must let running tasks drain: with systemd's default KillMode (control-group) the SIGTERM goes to
    /// every process of the unit at once, so each task's process died with exit code 143 (128 + SIGTERM) and was
    /// reported failed, whatever D8:Slave:ShutdownGracePeriod says. KillMode=mixed sends it to d8-slave alone, and
    /// the stop timeout leaves room for the grace period before the final SIGKILL.
    /// </summary>
    [Fact]
    public void SlaveUnit_Stop_SignalsOnlyTheSlave_SoRunningTasksGetTheGracePeriod()
    {
        var service = Parse("d8-slave.service")["Service"];

        Assert.Equal(["mixed"], service.GetValueOrDefault("KillMode", ["control-group (the default)"]));
        var stopTimeout = TimeSpan.FromSeconds(int.Parse(Assert.Single(service["TimeoutStopSec"]), System.Globalization.CultureInfo.InvariantCulture));
        var grace = new D8.Distributed.Slave.D8SlaveOptions().ShutdownGracePeriod;
        Assert.True(stopTimeout > grace, $"TimeoutStopSec {stopTimeout} leaves no room for the default ShutdownGracePeriod {grace}");
    }

    [Theory]
    [InlineData("d8-master.service")]
    [InlineData("d8-slave.service")]
    public async Task Unit_SystemdAnalyzeVerify_ReportsNothing(string unit)
    {
        const string Tool = "/usr/bin/systemd-analyze";
        Assert.True(File.Exists(Tool), $"{Tool} is missing: install systemd (apt-get install systemd) to verify the unit files.");
        using var scratch = new TempDirectory("d8-units");
        // The executables are not installed here: everything else of the unit is verified as written.
        var text = (await File.ReadAllTextAsync(UnitPath(unit)))
            .Replace("/opt/d8/d8-master", "/bin/true", StringComparison.Ordinal)
            .Replace("/opt/d8/d8-slave", "/bin/true", StringComparison.Ordinal);
        var copy = scratch.Combine(unit);
        await File.WriteAllTextAsync(copy, text);

        using var process = Process.Start(new ProcessStartInfo(Tool, ["verify", copy]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0 && output.Trim().Length == 0, $"systemd-analyze verify {unit}: exit {process.ExitCode}\n{output}");
    }

    private static string UnitPath(string unit)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "D8.Distributed.sln")))
        {
            directory = directory.Parent;
        }

        Assert.True(directory is not null, $"The repository root (D8.Distributed.sln) was not found above '{AppContext.BaseDirectory}'.");
        return Path.Combine(directory.FullName, "deploy", "systemd", unit);
    }

    /// <summary>Sections → keys → values in order (a key such as LoadCredential= may repeat).</summary>
    private static Dictionary<string, Dictionary<string, List<string>>> Parse(string unit)
    {
        var sections = new Dictionary<string, Dictionary<string, List<string>>>(StringComparer.Ordinal);
        Dictionary<string, List<string>>? current = null;
        foreach (var raw in File.ReadAllLines(UnitPath(unit)))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith(';'))
            {
                continue;
            }

            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                current = new Dictionary<string, List<string>>(StringComparer.Ordinal);
                sections[line[1..^1]] = current;
                continue;
            }

            Assert.True(current is not null, $"{unit}: '{line}' is outside a section");
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            Assert.True(equals > 0, $"{unit}: '{line}' is not key=value");
            var key = line[..equals].Trim();
            if (!current.TryGetValue(key, out var values))
            {
                current[key] = values = [];
            }

            values.Add(line[(equals + 1)..].Trim());
        }

        return sections;
    }
}
