using System.Diagnostics.CodeAnalysis;

namespace D8.HumanRequests;

/// <summary>
/// The snake_case names used by the JSON file, the old Python system, the bot and the CLI
/// (<c>payment</c>, <c>design_decision</c>, <c>pending</c>, …).
/// </summary>
public static class HumanRequestNames
{
    /// <summary>The wire name of a type, e.g. <c>design_decision</c>.</summary>
    /// <param name="type">The type.</param>
    /// <returns>The snake_case name.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined type.</exception>
    public static string ToWireName(this HumanRequestType type) => type switch
    {
        HumanRequestType.Payment => "payment",
        HumanRequestType.DesignDecision => "design_decision",
        HumanRequestType.ApiAccount => "api_account",
        HumanRequestType.ContentApproval => "content_approval",
        HumanRequestType.StrategicDecision => "strategic_decision",
        HumanRequestType.Other => "other",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown human request type."),
    };

    /// <summary>The wire name of a status, e.g. <c>postponed</c>.</summary>
    /// <param name="status">The status.</param>
    /// <returns>The snake_case name.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined status.</exception>
    public static string ToWireName(this HumanRequestStatus status) => status switch
    {
        HumanRequestStatus.Pending => "pending",
        HumanRequestStatus.Approved => "approved",
        HumanRequestStatus.Rejected => "rejected",
        HumanRequestStatus.Postponed => "postponed",
        HumanRequestStatus.Completed => "completed",
        HumanRequestStatus.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown human request status."),
    };

    /// <summary>The wire name of an action, e.g. <c>approve</c>.</summary>
    /// <param name="action">The action.</param>
    /// <returns>The lower-case name.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined action.</exception>
    public static string ToWireName(this HumanRequestAction action) => action switch
    {
        HumanRequestAction.Create => "create",
        HumanRequestAction.Approve => "approve",
        HumanRequestAction.Reject => "reject",
        HumanRequestAction.Postpone => "postpone",
        HumanRequestAction.Resume => "resume",
        HumanRequestAction.Complete => "complete",
        HumanRequestAction.Cancel => "cancel",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown human request action."),
    };

    /// <summary>Parses a type name (snake_case wire name, case-insensitive; the enum name is accepted too).</summary>
    /// <param name="value">The text to parse.</param>
    /// <param name="type">The parsed type.</param>
    /// <returns><see langword="true"/> when <paramref name="value"/> names a type.</returns>
    public static bool TryParseType([NotNullWhen(true)] string? value, out HumanRequestType type) =>
        TryParse(value, ToWireName, out type);

    /// <summary>Parses a status name (snake_case wire name, case-insensitive; the enum name is accepted too).</summary>
    /// <param name="value">The text to parse.</param>
    /// <param name="status">The parsed status.</param>
    /// <returns><see langword="true"/> when <paramref name="value"/> names a status.</returns>
    public static bool TryParseStatus([NotNullWhen(true)] string? value, out HumanRequestStatus status) =>
        TryParse(value, ToWireName, out status);

    /// <summary>Parses an action name (wire name, case-insensitive; the enum name is accepted too).</summary>
    /// <param name="value">The text to parse.</param>
    /// <param name="action">The parsed action.</param>
    /// <returns><see langword="true"/> when <paramref name="value"/> names an action.</returns>
    public static bool TryParseAction([NotNullWhen(true)] string? value, out HumanRequestAction action) =>
        TryParse(value, ToWireName, out action);

    private static bool TryParse<T>(string? value, Func<T, string> wireName, out T result)
        where T : struct, Enum
    {
        result = default;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var trimmed = value.Trim();
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(wireName(candidate), trimmed, StringComparison.OrdinalIgnoreCase)
                || string.Equals(candidate.ToString(), trimmed, StringComparison.OrdinalIgnoreCase))
            {
                result = candidate;
                return true;
            }
        }

        return false;
    }
}
