using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using D8.Distributed.Cli.Tests.Infrastructure;
using D8.Distributed.Contracts;

namespace D8.Distributed.Cli.Tests.EndToEnd;

/// <summary>
/// Issue 14, acceptance: d8-slave and d8-master start with their tokens given only as files (a <c>*_FILE</c> variable,
/// or systemd's <c>$CREDENTIALS_DIRECTORY</c>), no token variable in their environment, and still work together.
/// </summary>
public sealed partial class SecretsFromFilesProcessTests : IDisposable
{
    private const string SlaveToken = "file-slave-token";
    private const string ApiToken = "file-operator-token";
    private const string DashboardPassword = "file dashboard password";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly TempDirectory _data = new("d8-secret-files");

    [Fact]
    public async Task Hosts_TokensOnlyAsFilesAndCredentials_MasterReachesSlave_ApiTokenWorks()
    {
        Requirements.Python3();
        // Written as `echo token > file` would: the trailing line break is no part of the secret.
        var slaveTokenFile = Write("slave/token", SlaveToken + "\n");
        var credentials = _data.Combine("credentials");
        Write("credentials/" + D8LegacyEnvironment.SlaveTokenCredential, SlaveToken + "\n");
        Write("credentials/" + D8LegacyEnvironment.ApiTokenCredential, ApiToken + "\n");
        Write("credentials/" + D8LegacyEnvironment.DashboardPasswordCredential, DashboardPassword + "\n");

        // The slave: SLAVE_TOKEN_FILE only.
        var slaveEnvironment = new Dictionary<string, string> { ["SLAVE_TOKEN_FILE"] = slaveTokenFile };
        await using var slave = SampleProcess.Start("D8.Slave.Sample", "d8-slave", slaveEnvironment, "--host", "127.0.0.1", "--port", "0");
        var slaveAddress = new Uri(await slave.WaitForLineAsync(ListeningLine(), StartTimeout));

        // The master: systemd credentials only (what d8-master.service's LoadCredential= gives it).
        var masterEnvironment = new Dictionary<string, string>
        {
            ["CREDENTIALS_DIRECTORY"] = credentials,
            ["D8_DATA_DIR"] = _data.Combine("master"),
            ["D8__Dashboard__Port"] = "0",
            ["D8__Dashboard__BindAddress"] = "127.0.0.1",
        };
        AssertNoTokenVariable(slaveEnvironment);
        AssertNoTokenVariable(masterEnvironment);
        await using var master = SampleProcess.Start("D8.Master.Sample", "d8-master", masterEnvironment, "run");
        var url = new Uri(await master.WaitForLineAsync(DashboardLine(), StartTimeout));

        // The API token from the credential: accepted as a bearer token, and nothing else is.
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{url.Port.ToString(CultureInfo.InvariantCulture)}") };
        var client = new D8MasterClient(http, ApiToken);
        using (var anonymous = await http.GetAsync(new Uri("/api/v1/slaves", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        // The master's slave token from the credential: the slave (token from its file) accepts it.
        await client.RegisterSlaveAsync(new SlaveRegistrationRequest { Id = "worker", Host = "127.0.0.1", Port = slaveAddress.Port });
        var checkedSlave = await client.CheckSlaveAsync("worker");
        Assert.True(checkedSlave.Status == "healthy", $"the slave is {checkedSlave.Status}: {checkedSlave.LastError}");

        var exitCode = await master.TerminateAsync(TimeSpan.FromSeconds(60));
        Assert.True(exitCode == 0, $"d8-master exited with {exitCode}\n{master}");
    }

    [Fact]
    public async Task Slave_TokenFileMissing_FailsWithOneLineNamingTheFile()
    {
        var missing = _data.Combine("no-such-token");

        await using var slave = SampleProcess.Start("D8.Slave.Sample", "d8-slave", new Dictionary<string, string> { ["SLAVE_TOKEN_FILE"] = missing },
            "--host", "127.0.0.1", "--port", "0");
        var exitCode = await slave.WaitForExitAsync(StartTimeout);

        Assert.Equal(1, exitCode);
        Assert.Contains($"SLAVE_TOKEN_FILE names '{missing}', which cannot be read", slave.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", slave.Error + slave.Output, StringComparison.Ordinal);
    }

    public void Dispose() => _data.Dispose();

    private static void AssertNoTokenVariable(Dictionary<string, string> environment) =>
        Assert.DoesNotContain(environment.Keys, name => name is "SLAVE_TOKEN" or "SLAVE_AUTH_TOKEN" or "D8_API_TOKEN" or "D8_DASHBOARD_PASSWORD" or "TELEGRAM_TOKEN"
            || (name.StartsWith("D8__", StringComparison.Ordinal) && (name.EndsWith("Token", StringComparison.Ordinal) || name.EndsWith("Password", StringComparison.Ordinal))));

    private string Write(string relativePath, string content)
    {
        var path = _data.Combine(relativePath.Split('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();

    [GeneratedRegex(@"d8-master: dashboard on (http://\S+?)(?:,|\s|$)")]
    private static partial Regex DashboardLine();
}
