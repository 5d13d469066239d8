using D8.Distributed.Contracts;
using D8.Distributed.Core;
using D8.HumanRequests;
using D8.Shared.Configuration;
using D8.Telegram;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

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

    /// <summary>
    /// Whether the Telegram bot is configured: a token in <c>D8:Telegram:BotToken</c> (where <c>TELEGRAM_TOKEN</c>, its
    /// file and its credential land). The one place that decides it, for <c>run</c> and <c>demo</c>.
    /// </summary>
    public static bool HasTelegram(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[TelegramTokenKey]);

    /// <summary>
    /// Adds the bot with <paramref name="configureTelegram"/> when it is configured (<see cref="HasTelegram"/>);
    /// otherwise binds the <c>D8:Telegram</c> section strictly anyway (<see cref="BindTelegramStrictly"/>).
    /// </summary>
    /// <returns>Whether the bot was added.</returns>
    /// <exception cref="OptionsValidationException">The bot is not added and its section does not bind.</exception>
    public static bool AddTelegram(IHostApplicationBuilder builder, Action<IHostApplicationBuilder>? configureTelegram)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (configureTelegram is not null && HasTelegram(builder.Configuration))
        {
            configureTelegram(builder);
            return true;
        }

        BindTelegramStrictly(builder.Configuration);
        return false;
    }

    /// <summary>
    /// Binds <c>D8:Telegram</c> onto a throw-away <see cref="D8TelegramOptions"/> with the packages' strict binder, for a
    /// verb that does not add the bot: <c>D8:Telegram:BotTokn</c> is then a start-up error naming the key, as it is
    /// when the bot is added, instead of a master that runs without its bot. Only binding: a bot that is not added
    /// needs no token or chat.
    /// </summary>
    /// <exception cref="OptionsValidationException">The section has unknown keys or values that do not convert.</exception>
    public static void BindTelegramStrictly(IConfiguration configuration)
    {
        var failures = StrictConfigurationBinder.Default.Bind(configuration.GetSection(D8TelegramOptions.SectionName), new D8TelegramOptions());
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(D8TelegramOptions), failures);
        }
    }

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
