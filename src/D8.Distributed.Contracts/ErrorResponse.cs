namespace D8.Distributed.Contracts;

/// <summary>Every error body of the slave API: <c>{"error": "&lt;message&gt;"}</c>.</summary>
/// <param name="Error">A message that names the problem.</param>
public sealed record ErrorResponse(string Error);
