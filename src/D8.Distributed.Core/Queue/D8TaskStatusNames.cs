namespace D8.Distributed.Core;

/// <summary>The snake_case names of <see cref="D8TaskStatus"/> (API, CLI, stores), and their parsing.</summary>
public static class D8TaskStatusNames
{
    private static readonly string[] Names = ["queued", "running", "succeeded", "failed", "timed_out", "cancelled", "lost"];

    /// <summary>Gets every name, in the order of <see cref="D8TaskStatus"/>.</summary>
    public static IReadOnlyList<string> All => Names;

    /// <summary>Returns the snake_case name of a status.</summary>
    /// <param name="status">The status.</param>
    /// <returns>For example <c>timed_out</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="status"/> is not a defined value.</exception>
    public static string ToName(this D8TaskStatus status) =>
        (int)status >= 0 && (int)status < Names.Length
            ? Names[(int)status]
            : throw new ArgumentOutOfRangeException(nameof(status), status, "Not a task status.");

    /// <summary>Parses a status name (case-insensitive; <c>timed-out</c> and <c>timedout</c> are accepted too).</summary>
    /// <param name="name">The name.</param>
    /// <param name="status">The status, when the name is known.</param>
    /// <returns>Whether the name is a status.</returns>
    public static bool TryParse(string? name, out D8TaskStatus status)
    {
        var normalized = name?.Trim().Replace('-', '_').ToLowerInvariant();
        if (normalized == "timedout")
        {
            normalized = "timed_out";
        }

        var index = normalized is null ? -1 : Array.IndexOf(Names, normalized);
        status = index < 0 ? default : (D8TaskStatus)index;
        return index >= 0;
    }

    /// <summary>Gets whether a status is final (the task will not change any more).</summary>
    /// <param name="status">The status.</param>
    /// <returns><see langword="false"/> for <see cref="D8TaskStatus.Queued"/> and <see cref="D8TaskStatus.Running"/>.</returns>
    public static bool IsFinal(this D8TaskStatus status) => status is not (D8TaskStatus.Queued or D8TaskStatus.Running);
}
