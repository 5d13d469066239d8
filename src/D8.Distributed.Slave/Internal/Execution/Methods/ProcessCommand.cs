namespace D8.Distributed.Slave.Internal;

/// <summary>An executable and its argument vector, run without a shell.</summary>
internal sealed record ProcessCommand(string FileName, IReadOnlyList<string> Arguments);
