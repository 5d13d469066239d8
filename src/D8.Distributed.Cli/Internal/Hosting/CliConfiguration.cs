using D8.Distributed.Core;
using D8.HumanRequests;
using D8.Telegram;
using Microsoft.Extensions.Configuration;

namespace D8.Distributed.Cli.Internal;

/// <summary>Builds the configuration of one invocation: appsettings.json, environment, legacy variables, --data-dir.</summary>
internal static class CliConfiguration
{
    public const string MasterTokenKey = D8MasterOptions.SectionName + ":Token";
    public const string TelegramTokenKey = D8TelegramOptions.SectionName + ":BotToken";
    private const string MasterDataKey = D8MasterOptions.SectionName + ":DataDirectory";
    private const string RequestsDataKey = D8HumanRequestsOptions.SectionName + ":DataDirectory";
    private const string TelegramChatsKey = D8TelegramOptions.SectionName + ":AuthorizedChatIds";

    public static IConfigurationRoot Build(CliContext context, string? dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(context);

        var builder = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(context.BaseDirectory, "appsettings.json"), optional: true, reloadOnChange: false)
            .AddInMemoryCollection(FromEnvironment(context.Environment));
        var configuration = builder.Build();

        // The variables existing deployments use fill what the D8 settings leave empty; --data-dir wins over all.
        var legacy = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        FillIfEmpty(configuration, legacy, MasterTokenKey, FirstSet(context.Environment, "SLAVE_TOKEN", "SLAVE_AUTH_TOKEN"));
        FillIfEmpty(configuration, legacy, MasterDataKey, FirstSet(context.Environment, "D8_DATA_DIR"));
        FillIfEmpty(configuration, legacy, RequestsDataKey, FirstSet(context.Environment, "D8_DATA_DIR"));
        FillIfEmpty(configuration, legacy, TelegramTokenKey, FirstSet(context.Environment, "TELEGRAM_TOKEN"));
        if (!configuration.GetSection(TelegramChatsKey).GetChildren().Any()
            && FirstSet(context.Environment, "TELEGRAM_CHAT_ID") is { } chats)
        {
            var index = 0;
            foreach (var chat in chats.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                legacy[$"{TelegramChatsKey}:{index++}"] = chat;
            }
        }

        if (!string.IsNullOrWhiteSpace(dataDirectory))
        {
            var fullPath = Path.GetFullPath(dataDirectory);
            legacy[MasterDataKey] = fullPath;
            legacy[RequestsDataKey] = fullPath;
        }

        return builder.AddInMemoryCollection(legacy).Build();
    }

    /// <summary>Whether the Telegram bot is configured (a token from D8:Telegram:BotToken or TELEGRAM_TOKEN).</summary>
    public static bool HasTelegram(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[TelegramTokenKey]);

    // Same convention as AddEnvironmentVariables: "__" separates sections (D8__Master__Token → D8:Master:Token).
    private static IEnumerable<KeyValuePair<string, string?>> FromEnvironment(IReadOnlyDictionary<string, string?> environment) =>
        environment.Select(pair => new KeyValuePair<string, string?>(pair.Key.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal), pair.Value));

    private static void FillIfEmpty(IConfiguration configuration, Dictionary<string, string?> values, string key, string? value)
    {
        if (value is not null && string.IsNullOrWhiteSpace(configuration[key]))
        {
            values[key] = value;
        }
    }

    private static string? FirstSet(IReadOnlyDictionary<string, string?> environment, params string[] names) =>
        names.Select(name => environment.GetValueOrDefault(name)).FirstOrDefault(value => !string.IsNullOrWhiteSpace(value));
}
