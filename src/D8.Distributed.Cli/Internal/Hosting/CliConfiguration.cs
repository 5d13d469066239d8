using D8.Distributed.Contracts;
using D8.Distributed.Core;
using D8.HumanRequests;
using D8.Telegram;
using Microsoft.Extensions.Configuration;

namespace D8.Distributed.Cli.Internal;

/// <summary>
/// The configuration of every d8-master verb, later sources winning: <c>appsettings.json</c> in the content root, the
/// legacy variables (<c>AddD8LegacyEnvironmentVariables</c>), the environment variables (<c>D8__Master__Token</c>,
/// <c>Logging__Console__FormatterName</c> ...), and the command line (<c>--data-dir</c>). The environment is the one the
/// invocation was given (<see cref="CliContext.Environment"/>), never read from the process here.
/// </summary>
internal static class CliConfiguration
{
    public const string AppSettingsFileName = "appsettings.json";
    public const string TelegramTokenKey = D8TelegramOptions.SectionName + ":BotToken";
    public const string DashboardEnabledKey = "D8:Dashboard:Enabled";
    private const string MasterDataKey = D8MasterOptions.SectionName + ":DataDirectory";
    private const string RequestsDataKey = D8HumanRequestsOptions.SectionName + ":DataDirectory";

    /// <summary>Adds the sources of one invocation to <paramref name="builder"/>, in order.</summary>
    public static void AddSources(IConfigurationBuilder builder, CliContext context, string? dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(context);

        builder.AddJsonFile(Path.Combine(context.BaseDirectory, AppSettingsFileName), optional: true, reloadOnChange: false);
        builder.AddD8LegacyEnvironmentVariables(context.Environment);
        builder.AddInMemoryCollection(FromEnvironment(context.Environment));

        if (!string.IsNullOrWhiteSpace(dataDirectory))
        {
            var fullPath = Path.GetFullPath(dataDirectory);
            builder.AddInMemoryCollection(new Dictionary<string, string?> { [MasterDataKey] = fullPath, [RequestsDataKey] = fullPath });
        }
    }

    /// <summary>The configuration of one invocation on its own, for what is decided before a host is built.</summary>
    /// <exception cref="AggregateException">A section under <c>D8</c> has a name no package reads.</exception>
    public static IConfigurationRoot Build(CliContext context, string? dataDirectory)
    {
        var builder = new ConfigurationBuilder();
        AddSources(builder, context, dataDirectory);
        var configuration = builder.Build();
        RefuseUnknownSections(configuration);
        return configuration;
    }

    /// <summary>
    /// Stops the verb when a section under <c>D8</c> has a name no package reads (<c>D8__Mastr__Token</c>, which would
    /// otherwise be ignored): one line each, <c>D8:Mastr: no such section (did you mean D8:Master?)</c>. Every D8
    /// section is accepted, <c>D8:Slave</c> included: an appsettings.json may be shared with a slave.
    /// </summary>
    /// <exception cref="AggregateException">One <see cref="InvalidOperationException"/> per unknown section.</exception>
    public static void RefuseUnknownSections(IConfiguration configuration)
    {
        var unknown = D8ConfigurationSections.FindUnknown(configuration);
        if (unknown.Count > 0)
        {
            throw new AggregateException(unknown.Select(problem => new InvalidOperationException(problem)));
        }
    }

    /// <summary>Whether the Telegram bot is configured (a token from D8:Telegram:BotToken or TELEGRAM_TOKEN).</summary>
    public static bool HasTelegram(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[TelegramTokenKey]);

    /// <summary>Whether <c>run</c> serves the dashboard (<c>D8:Dashboard:Enabled</c>, default true).</summary>
    /// <exception cref="InvalidOperationException">The value is not a boolean; the message names the key.</exception>
    public static bool IsDashboardEnabled(IConfiguration configuration)
    {
        var value = configuration[DashboardEnabledKey];
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        return bool.TryParse(value.Trim(), out var enabled)
            ? enabled
            : throw new InvalidOperationException($"{DashboardEnabledKey}: '{value}' is not true or false");
    }

    // The convention of AddEnvironmentVariables: "__" separates sections (D8__Master__Token → D8:Master:Token).
    private static IEnumerable<KeyValuePair<string, string?>> FromEnvironment(IReadOnlyDictionary<string, string?> environment) =>
        environment.Select(pair => new KeyValuePair<string, string?>(pair.Key.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal), pair.Value));
}
