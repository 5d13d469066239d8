namespace D8.Distributed.Cli.Internal;

/// <summary>The answer of <c>slaves remove</c> and other verbs that only say what they did, for --json.</summary>
internal sealed record ActionView(string Action, string Id, bool Done);
