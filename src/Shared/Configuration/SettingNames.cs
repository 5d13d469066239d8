namespace D8.Shared.Configuration;

/// <summary>
/// The "did you mean" of a misspelt configuration key: the known name one or two letters off, with two letters swapped,
/// or cut short (<c>Tokn</c> → <c>Token</c>, <c>Prot</c> → <c>Port</c>, <c>Telgram</c> → <c>Telegram</c>). Shared by
/// the strict binder (settings) and the check of the <c>D8</c> section names.
/// </summary>
internal static class SettingNames
{
    /// <summary>The name of <paramref name="names"/> closest to <paramref name="key"/>, or <see langword="null"/> when none is close.</summary>
    /// <param name="key">The key as written.</param>
    /// <param name="names">The names that exist.</param>
    public static string? Closest(string key, IEnumerable<string> names) =>
        names
            .Select(name => (Name: name, Distance: IsAbbreviation(key, name) ? 1 : EditDistance(name, key)))
            .Where(candidate => candidate.Distance <= Math.Clamp(key.Length / 3, 1, 3))
            .OrderBy(candidate => candidate.Distance)
            .Select(candidate => candidate.Name)
            .FirstOrDefault();

    private static bool IsAbbreviation(string key, string name) =>
        key.Length >= 4 && name.StartsWith(key, StringComparison.OrdinalIgnoreCase);

    /// <summary>The edit distance counting a swap of two neighbours as one edit (Prot → Port).</summary>
    private static int EditDistance(string a, string b)
    {
        a = a.ToUpperInvariant();
        b = b.ToUpperInvariant();
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
