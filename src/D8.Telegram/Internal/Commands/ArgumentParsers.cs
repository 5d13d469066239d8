namespace D8.Telegram.Internal.Commands;

/// <summary>
/// Which word of a command is meant as a duration or an amount, so a bad one is reported instead of being taken for
/// the start of a note. What the word means is read by <see cref="D8.HumanRequests.HumanRequestInput"/>, the grammar
/// the CLI and the dashboard share.
/// </summary>
internal static class ArgumentParsers
{
    /// <summary>Whether a word is meant as a duration (<c>30m</c>, <c>1.02:00:00</c>: starts with a digit).</summary>
    public static bool LooksLikeDuration(string word) => word.Length > 0 && char.IsAsciiDigit(word[0]);

    /// <summary>Whether a word is meant as an amount (<c>$…</c> or starts with a digit).</summary>
    public static bool LooksLikeAmount(string word) => word.Length > 0 && (word[0] == '$' || char.IsAsciiDigit(word[0]));
}
