using System.Collections.Immutable;

namespace D8.Distributed.Core.Internal;

/// <summary>The content of <c>slaves/secrets.json</c>: each slave's own token, by slave id. Immutable.</summary>
internal sealed record SlaveSecrets(ImmutableSortedDictionary<string, string> Tokens)
{
    public static SlaveSecrets Empty { get; } = new(ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal));
}
