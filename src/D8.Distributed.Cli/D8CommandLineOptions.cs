using System.Collections;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace D8.Distributed.Cli;

/// <summary>
/// What an application gives <see cref="D8CommandLine"/>: the packages its <c>run</c> verb hosts, and where the
/// command line reads and writes.
/// </summary>
public sealed class D8CommandLineOptions
{
    /// <summary>
    /// Gets or sets the services of the long-running master that <c>run</c> hosts (<c>AddD8Master()</c>,
    /// <c>AddD8HumanRequests()</c>, ...). The builder's configuration is already complete when this runs: appsettings.json
    /// in <see cref="BaseDirectory"/>, the legacy variables, the environment variables (<c>D8__*</c>) and <c>--data-dir</c>,
    /// later ones winning. Required by <c>run</c>.
    /// </summary>
    public Action<IHostApplicationBuilder>? ConfigureMaster { get; set; }

    /// <summary>
    /// Gets or sets the services of the Telegram bot (<c>AddD8Telegram()</c>), which <c>run</c> adds after
    /// <see cref="ConfigureMaster"/> when a bot token is configured (<c>D8:Telegram:BotToken</c>, <c>TELEGRAM_TOKEN</c>,
    /// <c>TELEGRAM_TOKEN_FILE</c> or the systemd credential <c>telegram_token</c>). When the bot is not added (no token,
    /// or this is not set) every verb still binds the <c>D8:Telegram</c> section strictly, so that a misspelt key
    /// (<c>BotTokn</c>) stops it instead of leaving the bot out without a word.
    /// </summary>
    public Action<IHostApplicationBuilder>? ConfigureTelegram { get; set; }

    /// <summary>
    /// Gets or sets the services of the master's web port (for example <c>AddD8Dashboard()</c>), added after
    /// <see cref="ConfigureMaster"/> and <see cref="ConfigureTelegram"/>. When set, <c>run</c> hosts a web application unless <c>D8:Dashboard:Enabled</c> is
    /// <see langword="false"/>; without it, or disabled, <c>run</c> opens no port at all.
    /// </summary>
    public Action<WebApplicationBuilder>? ConfigureWeb { get; set; }

    /// <summary>Gets or sets the endpoints of the web port (for example <c>app.MapD8Dashboard()</c>).</summary>
    public Action<WebApplication>? MapWeb { get; set; }

    /// <summary>Gets or sets where results go (tables, JSON, task output). Defaults to the console's standard output.</summary>
    public TextWriter Output { get; set; } = Console.Out;

    /// <summary>Gets or sets where errors, warnings and logs go. Defaults to the console's standard error.</summary>
    public TextWriter Error { get; set; } = Console.Error;

    /// <summary>
    /// Gets or sets the environment variables the command line reads (<c>D8__*</c>, <c>Logging__*</c> and the legacy
    /// ones such as <c>SLAVE_TOKEN</c>). Defaults to a copy of the process's environment taken when these options are
    /// created; the command line reads no other. Tests pass their own so they never depend on the machine's.
    /// </summary>
    public IReadOnlyDictionary<string, string?> Environment { get; set; } = ProcessEnvironment();

    /// <summary>
    /// Gets or sets the content root: the folder of <c>appsettings.json</c> and <c>version_info.json</c>. Defaults to
    /// the folder of the executable, whatever the current directory.
    /// </summary>
    public string BaseDirectory { get; set; } = AppContext.BaseDirectory;

    private static Dictionary<string, string?> ProcessEnvironment() =>
        System.Environment.GetEnvironmentVariables()
            .Cast<DictionaryEntry>()
            .ToDictionary(entry => (string)entry.Key, entry => (string?)entry.Value, StringComparer.Ordinal);
}
