namespace D8.Distributed.Cli.Internal;

/// <summary>One decision in a request's history, for --json.</summary>
internal sealed record RequestHistoryView(DateTimeOffset At, string Actor, string Action, string To, string? Note);
