using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace D8.Telegram.Internal;

/// <summary>
/// <c>TELEGRAM_TOKEN</c> and <c>TELEGRAM_CHAT_ID</c> as the application's configuration sees them (the host adds
/// environment variables to it), parsed once. Read through <see cref="IConfiguration"/> rather than the process
/// environment so hosts and tests control them.
/// </summary>
internal sealed class TelegramEnvironmentSettings
{
    private TelegramEnvironmentSettings(string? token, IReadOnlyList<long> chatIds, string? invalidChatIdValue)
    {
        Token = token;
        ChatIds = chatIds;
        InvalidChatIdValue = invalidChatIdValue;
    }

    public string? Token { get; }

    public IReadOnlyList<long> ChatIds { get; }

    /// <summary>The first entry of <c>TELEGRAM_CHAT_ID</c> that is not a number, if any.</summary>
    public string? InvalidChatIdValue { get; }

    public static TelegramEnvironmentSettings From(IConfiguration? configuration)
    {
        var token = configuration?[D8TelegramOptions.TokenEnvironmentVariable];
        var rawChatIds = configuration?[D8TelegramOptions.ChatIdEnvironmentVariable];
        var chatIds = new List<long>();
        string? invalid = null;
        foreach (var part in (rawChatIds ?? string.Empty).Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (long.TryParse(part, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id))
            {
                chatIds.Add(id);
            }
            else
            {
                invalid ??= part;
            }
        }

        return new TelegramEnvironmentSettings(string.IsNullOrWhiteSpace(token) ? null : token.Trim(), invalid is null ? chatIds : [], invalid);
    }
}
