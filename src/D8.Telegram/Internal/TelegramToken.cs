namespace D8.Telegram.Internal;

/// <summary>The bot token's shape, checked before the client sees it (its constructor throws on a bad one).</summary>
internal static class TelegramToken
{
    /// <summary><c>&lt;digits&gt;:&lt;secret&gt;</c>, with no spaces.</summary>
    public static bool IsWellFormed(string token)
    {
        var colon = token.IndexOf(':', StringComparison.Ordinal);
        return colon > 0
            && colon < token.Length - 1
            && token.AsSpan(0, colon).ContainsOnlyDigits()
            && !token.AsSpan(colon + 1).ContainsAny(" \t\r\n/");
    }

    private static bool ContainsOnlyDigits(this ReadOnlySpan<char> text) => !text.ContainsAnyExceptInRange('0', '9');
}
