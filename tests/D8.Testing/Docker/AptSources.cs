namespace D8.Testing;

/// <summary>Reads the Debian mirror apt uses from <c>/etc/apt/sources.list</c> and <c>/etc/apt/sources.list.d</c>.</summary>
public static class AptSources
{
    public const string DefaultMirror = "http://deb.debian.org/debian";

    /// <summary>The first mirror that serves the suite <c>bookworm</c> itself (not -security or -updates), else <see cref="DefaultMirror"/>.</summary>
    public static string BookwormMirror()
    {
        var files = new List<string>();
        if (File.Exists("/etc/apt/sources.list"))
        {
            files.Add("/etc/apt/sources.list");
        }

        if (Directory.Exists("/etc/apt/sources.list.d"))
        {
            files.AddRange(Directory.GetFiles("/etc/apt/sources.list.d").Where(f => f.EndsWith(".list", StringComparison.Ordinal) || f.EndsWith(".sources", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        }

        return files.Select(file => Find(File.ReadAllText(file), file.EndsWith(".sources", StringComparison.Ordinal))).FirstOrDefault(mirror => mirror is not null)
            ?? DefaultMirror;
    }

    /// <summary>The bookworm mirror of one file's text: one-line (<c>deb [opts] URI suite ...</c>) or deb822 (<c>URIs:</c>/<c>Suites:</c>) format.</summary>
    public static string? Find(string text, bool deb822)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!deb822)
        {
            foreach (var line in text.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("deb ", StringComparison.Ordinal)))
            {
                var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).SkipWhile(w => w.StartsWith('[') || w.EndsWith(']')).ToArray();
                if (words.Length >= 2 && words[1] == "bookworm")
                {
                    return words[0];
                }
            }

            return null;
        }

        foreach (var stanza in text.Split("\n\n"))
        {
            var fields = stanza.Split('\n')
                .Select(l => l.Trim())
                .Where(l => !l.StartsWith('#') && l.Contains(':', StringComparison.Ordinal))
                .Select(l => (Name: l[..l.IndexOf(':', StringComparison.Ordinal)], Value: l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()))
                .ToLookup(f => f.Name, f => f.Value, StringComparer.OrdinalIgnoreCase);
            var types = fields["Types"].SelectMany(v => v.Split(' ')).ToList();
            var suites = fields["Suites"].SelectMany(v => v.Split(' ')).ToList();
            var uri = fields["URIs"].SelectMany(v => v.Split(' ', StringSplitOptions.RemoveEmptyEntries)).FirstOrDefault();
            if (types.Contains("deb") && suites.Contains("bookworm") && uri is not null)
            {
                return uri;
            }
        }

        return null;
    }
}
