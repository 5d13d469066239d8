using D8.Testing;
using Microsoft.Extensions.Configuration;

namespace D8.Distributed.Contracts.Tests.Configuration;

public sealed class LegacyEnvironmentVariablesTests : IDisposable
{
    private readonly TempDirectory _files = new("d8-legacy");

    [Fact]
    public void AddD8LegacyEnvironmentVariables_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>("builder", () => D8ConfigurationBuilderExtensions.AddD8LegacyEnvironmentVariables(null!));
        Assert.Throws<ArgumentNullException>("builder", () => D8ConfigurationBuilderExtensions.AddD8LegacyEnvironmentVariables(null!, new Dictionary<string, string?>()));
        Assert.Throws<ArgumentNullException>("environment", () => new ConfigurationBuilder().AddD8LegacyEnvironmentVariables(null!));
    }

    [Fact]
    public void Build_EveryVariable_LandsOnItsD8Keys()
    {
        var configuration = Build(new()
        {
            ["SLAVE_TOKEN"] = "shared-token",
            ["SLAVE_HOST"] = "127.0.0.1",
            ["SLAVE_PORT"] = "7601",
            ["D8_DATA_DIR"] = "/srv/d8",
            ["TELEGRAM_TOKEN"] = "123456:ABC",
            ["TELEGRAM_CHAT_ID"] = "42",
        });

        Assert.Equal(
            new Dictionary<string, string?>
            {
                ["D8:HumanRequests:DataDirectory"] = "/srv/d8",
                ["D8:Master:DataDirectory"] = "/srv/d8",
                ["D8:Master:Token"] = "shared-token",
                ["D8:Slave:AuthToken"] = "shared-token",
                ["D8:Slave:Host"] = "127.0.0.1",
                ["D8:Slave:Port"] = "7601",
                ["D8:Telegram:AuthorizedChatIds:0"] = "42",
                ["D8:Telegram:BotToken"] = "123456:ABC",
            },
            Leaves(configuration));
    }

    [Fact]
    public void Build_NoVariables_SetsNothing()
    {
        var configuration = Build(new() { ["PATH"] = "/usr/bin", ["HOME"] = "/root" });

        Assert.Empty(Leaves(configuration));
    }

    [Theory]
    [InlineData("variable", "from-variable")]
    [InlineData("alias", "from-alias")]
    [InlineData("file", "from-file")]
    [InlineData("alias-file", "from-alias-file")]
    [InlineData("credential", "from-credential")]
    public void Build_SlaveToken_VariableWinsOverAliasOverFileOverAliasFileOverCredential(string strongest, string expected)
    {
        var environment = new Dictionary<string, string?>();
        var sources = new[] { "credential", "alias-file", "file", "alias", "variable" };
        foreach (var source in sources.TakeWhile(source => source != strongest).Append(strongest))
        {
            switch (source)
            {
                case "variable":
                    environment["SLAVE_TOKEN"] = "from-variable";
                    break;
                case "alias":
                    environment["SLAVE_AUTH_TOKEN"] = "from-alias";
                    break;
                case "file":
                    environment["SLAVE_TOKEN_FILE"] = Write("token-file", "from-file");
                    break;
                case "alias-file":
                    environment["SLAVE_AUTH_TOKEN_FILE"] = Write("alias-token-file", "from-alias-file");
                    break;
                default:
                    Write("credentials/slave_token", "from-credential");
                    environment["CREDENTIALS_DIRECTORY"] = _files.Combine("credentials");
                    break;
            }
        }

        var configuration = Build(environment);

        Assert.Equal(expected, configuration["D8:Master:Token"]);
        Assert.Equal(expected, configuration["D8:Slave:AuthToken"]);
    }

    [Fact]
    public void Build_TelegramToken_VariableWinsOverFileOverCredential()
    {
        Write("credentials/telegram_token", "1:from-credential");
        var credentialsOnly = new Dictionary<string, string?> { ["CREDENTIALS_DIRECTORY"] = _files.Combine("credentials") };
        var withFile = new Dictionary<string, string?>(credentialsOnly) { ["TELEGRAM_TOKEN_FILE"] = Write("telegram", "1:from-file") };
        var withVariable = new Dictionary<string, string?>(withFile) { ["TELEGRAM_TOKEN"] = "1:from-variable" };

        Assert.Equal("1:from-credential", Build(credentialsOnly)["D8:Telegram:BotToken"]);
        Assert.Equal("1:from-file", Build(withFile)["D8:Telegram:BotToken"]);
        Assert.Equal("1:from-variable", Build(withVariable)["D8:Telegram:BotToken"]);
    }

    [Fact]
    public void Build_ApiToken_VariableWinsOverFileOverCredential_OnTheMasterAndTheCliKeys()
    {
        Write("credentials/d8_api_token", "from-credential\n");
        var credentialsOnly = new Dictionary<string, string?> { ["CREDENTIALS_DIRECTORY"] = _files.Combine("credentials") };
        var withFile = new Dictionary<string, string?>(credentialsOnly) { ["D8_API_TOKEN_FILE"] = Write("api", "from-file\n") };
        var withVariable = new Dictionary<string, string?>(withFile) { ["D8_API_TOKEN"] = "from-variable" };

        foreach (var (environment, expected) in new[] { (credentialsOnly, "from-credential"), (withFile, "from-file"), (withVariable, "from-variable") })
        {
            var configuration = Build(environment);
            Assert.Equal(expected, configuration["D8:Master:ApiToken"]);
            Assert.Equal(expected, configuration["D8:Cli:ApiToken"]);
        }
    }

    [Fact]
    public void Build_PostgreSqlConnectionString_FromVariableFileOrCredentialInThatOrder()
    {
        Write("credentials/postgresql_connection_string", "Host=credential\n");
        var credentialsOnly = new Dictionary<string, string?> { ["CREDENTIALS_DIRECTORY"] = _files.Combine("credentials") };
        var withFile = new Dictionary<string, string?>(credentialsOnly) { ["D8_POSTGRESQL_CONNECTION_STRING_FILE"] = Write("pg", "Host=file;Password=p\n") };
        var withVariable = new Dictionary<string, string?>(withFile) { ["D8_POSTGRESQL_CONNECTION_STRING"] = "Host=variable" };

        foreach (var (environment, expected) in new[] { (credentialsOnly, "Host=credential"), (withFile, "Host=file;Password=p"), (withVariable, "Host=variable") })
        {
            Assert.Equal(expected, Build(environment)["D8:PostgreSql:ConnectionString"]);
        }
    }

    [Fact]
    public void Build_DashboardPassword_VariableWinsOverFileOverCredential()
    {
        Write("credentials/d8_dashboard_password", "from-credential\n");
        var credentialsOnly = new Dictionary<string, string?> { ["CREDENTIALS_DIRECTORY"] = _files.Combine("credentials") };
        var withFile = new Dictionary<string, string?>(credentialsOnly) { ["D8_DASHBOARD_PASSWORD_FILE"] = Write("password", "from-file\n") };
        var withVariable = new Dictionary<string, string?>(withFile) { ["D8_DASHBOARD_PASSWORD"] = "from-variable" };

        Assert.Equal("from-credential", Build(credentialsOnly)["D8:Dashboard:Password"]);
        Assert.Equal("from-file", Build(withFile)["D8:Dashboard:Password"]);
        Assert.Equal("from-variable", Build(withVariable)["D8:Dashboard:Password"]);
    }

    [Fact]
    public void Build_DashboardPasswordFileEmpty_FailsNamingTheVariableAndTheFile()
    {
        var file = Write("empty-password", "\n");

        var error = Assert.Throws<InvalidOperationException>(() => Build(new() { ["D8_DASHBOARD_PASSWORD_FILE"] = file }));

        Assert.Equal($"D8_DASHBOARD_PASSWORD_FILE names '{file}', which is empty.", error.Message);
    }

    [Fact]
    public void Build_ApiTokenFileUnreadable_FailsNamingTheVariable()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build(new() { ["D8_API_TOKEN_FILE"] = _files.Combine("no-such-file") }));

        Assert.StartsWith("D8_API_TOKEN_FILE names", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Build_EmptyVariables_CountAsUnset(string empty)
    {
        var configuration = Build(new()
        {
            ["SLAVE_TOKEN"] = empty,
            ["SLAVE_AUTH_TOKEN"] = "alias-token",
            ["SLAVE_PORT"] = empty,
            ["D8_DATA_DIR"] = empty,
            ["TELEGRAM_TOKEN"] = empty,
            ["TELEGRAM_TOKEN_FILE"] = empty,
            ["TELEGRAM_CHAT_ID"] = empty,
            ["CREDENTIALS_DIRECTORY"] = empty,
        });

        Assert.Equal(
            new Dictionary<string, string?> { ["D8:Master:Token"] = "alias-token", ["D8:Slave:AuthToken"] = "alias-token" },
            Leaves(configuration));
    }

    [Fact]
    public void Build_SecretFile_ContentIsTrimmed()
    {
        var configuration = Build(new() { ["SLAVE_TOKEN_FILE"] = Write("token", "  s3cret-token\n\n") });

        Assert.Equal("s3cret-token", configuration["D8:Slave:AuthToken"]);
    }

    [Fact]
    public void Build_CredentialFile_ContentIsTrimmed()
    {
        Write("credentials/slave_token", "cred-token\r\n");

        var configuration = Build(new() { ["CREDENTIALS_DIRECTORY"] = _files.Combine("credentials") });

        Assert.Equal("cred-token", configuration["D8:Master:Token"]);
    }

    [Fact]
    public void Build_CredentialsDirectoryWithoutTheCredential_SetsNothing()
    {
        Directory.CreateDirectory(_files.Combine("credentials"));

        var configuration = Build(new() { ["CREDENTIALS_DIRECTORY"] = _files.Combine("credentials") });

        Assert.Empty(Leaves(configuration));
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("directory")]
    [InlineData("empty")]
    public void Build_UnreadableSecretFile_FailsNamingTheVariableAndTheFile(string problem)
    {
        var path = _files.Combine("token");
        switch (problem)
        {
            case "directory":
                Directory.CreateDirectory(path);
                break;
            case "empty":
                File.WriteAllText(path, "\n");
                break;
        }

        var error = Assert.Throws<InvalidOperationException>(() => Build(new() { ["SLAVE_TOKEN_FILE"] = path }));

        Assert.Contains("SLAVE_TOKEN_FILE", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_UnreadableAliasTokenFile_FailsNamingTheVariable()
    {
        var path = _files.Combine("nothing-here");

        var error = Assert.Throws<InvalidOperationException>(() => Build(new() { ["SLAVE_AUTH_TOKEN_FILE"] = path }));

        Assert.StartsWith($"SLAVE_AUTH_TOKEN_FILE names '{path}', which cannot be read", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_UnreadableTelegramTokenFile_FailsNamingTheVariable()
    {
        var path = _files.Combine("nothing-here");

        var error = Assert.Throws<InvalidOperationException>(() => Build(new() { ["TELEGRAM_TOKEN_FILE"] = path }));

        Assert.Contains("TELEGRAM_TOKEN_FILE", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_UnreadableCredential_FailsNamingTheCredential()
    {
        Directory.CreateDirectory(_files.Combine("credentials", "slave_token"));

        var error = Assert.Throws<InvalidOperationException>(() => Build(new() { ["CREDENTIALS_DIRECTORY"] = _files.Combine("credentials") }));

        Assert.Contains("slave_token", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("42", new[] { "42" })]
    [InlineData("42, -100123", new[] { "42", "-100123" })]
    [InlineData(" 1 ;2,, 3 ", new[] { "1", "2", "3" })]
    public void Build_TelegramChatIds_BecomeANumberedList(string variable, string[] expected)
    {
        var configuration = Build(new() { ["TELEGRAM_CHAT_ID"] = variable });

        Assert.Equal(expected, configuration.GetSection("D8:Telegram:AuthorizedChatIds").GetChildren().Select(item => item.Value));
    }

    [Theory]
    [InlineData("abc", "abc")]
    [InlineData("42,abc", "abc")]
    [InlineData("42;1.5", "1.5")]
    [InlineData("99999999999999999999", "99999999999999999999")]
    public void Build_TelegramChatIdNotANumber_FailsNamingTheVariable(string variable, string bad)
    {
        // Left to binding, the failure would name D8:Telegram:AuthorizedChatIds:1, a key nobody wrote.
        var error = Assert.Throws<InvalidOperationException>(() => Build(new() { ["TELEGRAM_CHAT_ID"] = variable }));

        Assert.Equal($"TELEGRAM_CHAT_ID: '{bad}' is not a chat id (whole numbers, separated by commas: 111,-100222)", error.Message);
    }

    [Fact]
    public void Build_LaterSourcesWin_EarlierOnesLose()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["D8:Master:Token"] = "from-appsettings", ["D8:Slave:Port"] = "7000" })
            .AddD8LegacyEnvironmentVariables(new Dictionary<string, string?> { ["SLAVE_TOKEN"] = "from-legacy", ["SLAVE_PORT"] = "7601" })
            .AddInMemoryCollection(new Dictionary<string, string?> { ["D8:Master:Token"] = "from-d8-variable" })
            .Build();

        Assert.Equal("from-d8-variable", configuration["D8:Master:Token"]);
        Assert.Equal("from-legacy", configuration["D8:Slave:AuthToken"]);
        Assert.Equal("7601", configuration["D8:Slave:Port"]);
    }

    [Fact]
    public void Build_VariableNames_AreTheD8LegacyEnvironmentConstants()
    {
        var configuration = Build(new()
        {
            [D8LegacyEnvironment.SlaveAuthToken] = "t",
            [D8LegacyEnvironment.SlaveHost] = "::",
            [D8LegacyEnvironment.SlavePort] = "1",
            [D8LegacyEnvironment.DataDirectory] = "/d",
            [D8LegacyEnvironment.TelegramToken + D8LegacyEnvironment.FileSuffix] = Write("tg", "1:x"),
            [D8LegacyEnvironment.TelegramChatId] = "5",
        });

        Assert.Equal(8, Leaves(configuration).Count);
    }

    public void Dispose() => _files.Dispose();

    private static IConfigurationRoot Build(Dictionary<string, string?> environment) =>
        new ConfigurationBuilder().AddD8LegacyEnvironmentVariables(environment).Build();

    private static SortedDictionary<string, string?> Leaves(IConfiguration configuration) =>
        new(configuration.AsEnumerable().Where(pair => pair.Value is not null).ToDictionary(pair => pair.Key, pair => pair.Value), StringComparer.Ordinal);

    private string Write(string relativePath, string content)
    {
        var path = _files.Combine(relativePath.Split('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }
}
