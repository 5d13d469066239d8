using System.ComponentModel.DataAnnotations;

namespace D8.Telegram;

/// <summary>
/// Options of <c>AddD8Telegram</c>, bound from the configuration section <see cref="SectionName"/>. Validated at
/// start-up. Hosts that add the legacy variables (<c>AddD8LegacyEnvironmentVariables()</c>, as d8-master does) fill the
/// token and the chats from <c>TELEGRAM_TOKEN</c> and <c>TELEGRAM_CHAT_ID</c>; the package reads no environment variable.
/// </summary>
public sealed class D8TelegramOptions
{
    /// <summary>The configuration section the parameterless <c>AddD8Telegram()</c> binds, <c>D8:Telegram</c>.</summary>
    public const string SectionName = "D8:Telegram";

    /// <summary>The public Bot API, <c>https://api.telegram.org</c>.</summary>
    public static readonly Uri DefaultApiBaseUrl = new("https://api.telegram.org");

    /// <summary>The bot token BotFather gave (<c>123456:ABC-def…</c>). Required (<c>TELEGRAM_TOKEN</c> in hosts that add
    /// the legacy variables).</summary>
    public string? BotToken { get; set; }

    /// <summary>
    /// The chats allowed to act (and notified of new requests). Required (<c>TELEGRAM_CHAT_ID</c>, comma-separated, in
    /// hosts that add the legacy variables). Anyone else gets a refusal.
    /// </summary>
    public IList<long> AuthorizedChatIds { get; } = [];

    /// <summary>
    /// The Telegram users allowed to act (commands and buttons), on top of <see cref="AuthorizedChatIds"/>. Empty (the
    /// default): everyone in an authorised chat may act. Set: only these users may, even in an authorised group chat;
    /// anyone else gets the same refusal as an unknown chat, which names neither the owner nor the ids.
    /// </summary>
    public IList<long> AuthorizedUserIds { get; } = [];

    /// <summary>The Bot API base URL: scheme, host and port only (a local Bot API server, or a fake in tests).
    /// Default <c>https://api.telegram.org</c>.</summary>
    [Required]
    public Uri ApiBaseUrl { get; set; } = DefaultApiBaseUrl;

    /// <summary>The language of every message: <c>es</c> (Spanish, the default) or <c>en</c> (English).</summary>
    [Required]
    [RegularExpression("^(?i:es|en)$", ErrorMessage = "D8TelegramOptions.Language must be 'es' or 'en'.")]
    public string Language { get; set; } = "es";

    /// <summary>How long one <c>getUpdates</c> long poll waits on the server for an update. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:40")]
    public TimeSpan PollingTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The time limit of one Bot API call (added to <see cref="PollingTimeout"/> for <c>getUpdates</c>).
    /// Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The delay after the first failed poll (network error, 409, …); doubled per consecutive failure up to
    /// <see cref="MaxRetryDelay"/>. A 429 waits at least its <c>retry_after</c>. Default 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest delay between failed polls (except a longer <c>retry_after</c>). Default 60 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Forward "slave down" events of the master's health monitor to the authorised chats. Default
    /// <see langword="true"/>.</summary>
    public bool ForwardSlaveDown { get; set; } = true;

    /// <summary>Forward "slave recovered" events. Default <see langword="true"/>.</summary>
    public bool ForwardSlaveRecovered { get; set; } = true;

    /// <summary>Forward "version mismatch" events. Default <see langword="true"/>.</summary>
    public bool ForwardSlaveVersionMismatch { get; set; } = true;

    /// <summary>Whether the long-polling service runs (commands and buttons). Turn it off in a process that should
    /// only send notifications while another one polls with the same token. Default <see langword="true"/>.</summary>
    public bool EnablePolling { get; set; } = true;
}
