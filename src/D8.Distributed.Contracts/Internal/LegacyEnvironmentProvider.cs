using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace D8.Distributed.Contracts.Internal;

/// <summary>Maps the old variables onto <c>D8:*</c> keys once, when the configuration is built.</summary>
internal sealed class LegacyEnvironmentProvider(IReadOnlyDictionary<string, string?> environment) : ConfigurationProvider
{
    internal const string MasterToken = "D8:Master:Token";
    internal const string SlaveToken = "D8:Slave:AuthToken";
    internal const string SlaveHost = "D8:Slave:Host";
    internal const string SlavePort = "D8:Slave:Port";
    internal const string MasterDataDirectory = "D8:Master:DataDirectory";
    internal const string RequestsDataDirectory = "D8:HumanRequests:DataDirectory";
    internal const string TelegramToken = "D8:Telegram:BotToken";
    internal const string TelegramChats = "D8:Telegram:AuthorizedChatIds";
    internal const string MasterApiToken = "D8:Master:ApiToken";
    internal const string CliApiToken = "D8:Cli:ApiToken";
    internal const string PostgreSqlConnectionString = "D8:PostgreSql:ConnectionString";
    internal const string DashboardPassword = "D8:Dashboard:Password";

    public override void Load()
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);

        if (Secret(D8LegacyEnvironment.SlaveToken, D8LegacyEnvironment.SlaveTokenCredential, D8LegacyEnvironment.SlaveAuthToken) is { } token)
        {
            data[MasterToken] = token;
            data[SlaveToken] = token;
        }

        if (Secret(D8LegacyEnvironment.ApiToken, D8LegacyEnvironment.ApiTokenCredential) is { } apiToken)
        {
            // One operator token: the master requires it, and the command line on the same machine sends it.
            data[MasterApiToken] = apiToken;
            data[CliApiToken] = apiToken;
        }

        if (Secret(D8LegacyEnvironment.PostgreSqlConnectionString, D8LegacyEnvironment.PostgreSqlConnectionStringCredential) is { } postgreSql)
        {
            data[PostgreSqlConnectionString] = postgreSql;
        }

        if (Secret(D8LegacyEnvironment.DashboardPassword, D8LegacyEnvironment.DashboardPasswordCredential) is { } password)
        {
            data[DashboardPassword] = password;
        }

        if (Variable(D8LegacyEnvironment.SlaveHost) is { } host)
        {
            data[SlaveHost] = host;
        }

        if (Variable(D8LegacyEnvironment.SlavePort) is { } port)
        {
            data[SlavePort] = port;
        }

        if (Variable(D8LegacyEnvironment.DataDirectory) is { } dataDirectory)
        {
            data[MasterDataDirectory] = dataDirectory;
            data[RequestsDataDirectory] = dataDirectory;
        }

        if (Secret(D8LegacyEnvironment.TelegramToken, D8LegacyEnvironment.TelegramTokenCredential) is { } botToken)
        {
            data[TelegramToken] = botToken;
        }

        if (Variable(D8LegacyEnvironment.TelegramChatId) is { } chats)
        {
            var index = 0;
            foreach (var chat in chats.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                // Checked here, not left to binding: D8:Telegram:AuthorizedChatIds:1 names no key anyone wrote.
                if (!long.TryParse(chat, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
                {
                    throw new InvalidOperationException(
                        $"{D8LegacyEnvironment.TelegramChatId}: '{chat}' is not a chat id (whole numbers, separated by commas: 111,-100222)");
                }

                data[ConfigurationPath.Combine(TelegramChats, index.ToString(CultureInfo.InvariantCulture))] = chat;
                index++;
            }
        }

        Data = data;
    }

    /// <summary>
    /// The variable, else its alias, else the file its <c>_FILE</c> variant names, else the file the alias's
    /// <c>_FILE</c> variant names, else the systemd credential.
    /// </summary>
    private string? Secret(string name, string credential, string? alias = null)
    {
        if (Variable(name) is { } value)
        {
            return value;
        }

        if (alias is not null && Variable(alias) is { } aliased)
        {
            return aliased;
        }

        string[] fileVariables = alias is null
            ? [name + D8LegacyEnvironment.FileSuffix]
            : [name + D8LegacyEnvironment.FileSuffix, alias + D8LegacyEnvironment.FileSuffix];
        foreach (var fileVariable in fileVariables)
        {
            if (Variable(fileVariable) is { } file)
            {
                return ReadSecret(file, $"{fileVariable} names '{file}'");
            }
        }

        if (Variable(D8LegacyEnvironment.CredentialsDirectory) is { } directory)
        {
            var path = Path.Combine(directory, credential);
            // A credential that is there but is no readable file (a directory, no permission) is an error, not a skip.
            if (File.Exists(path) || Directory.Exists(path))
            {
                return ReadSecret(path, $"the systemd credential '{credential}' ('{path}')");
            }
        }

        return null;
    }

    private static string? ReadSecret(string path, string what)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new InvalidOperationException($"{what}, which cannot be read: {ex.Message}", ex);
        }

        // Files written with echo or an editor end with a line break, which is never part of the secret.
        text = text.Trim();
        return text.Length == 0 ? throw new InvalidOperationException($"{what}, which is empty.") : text;
    }

    private string? Variable(string name) =>
        environment.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
