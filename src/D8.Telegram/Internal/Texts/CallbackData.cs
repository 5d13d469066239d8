using System.Globalization;

namespace D8.Telegram.Internal.Texts;

/// <summary>Callback data of the decision buttons: <c>approve:req-0001</c>, <c>reject:…</c>, <c>postpone:…</c>, and
/// <c>choose:req-0001:1</c> for the option at index 1 (an index, not the text, keeps it within Telegram's 64 bytes).</summary>
internal static class CallbackData
{
    public static string Format(CallbackAction action, string requestId) => action switch
    {
        CallbackAction.Approve => "approve:",
        CallbackAction.Reject => "reject:",
        CallbackAction.Choose => "choose:",
        _ => "postpone:",
    } + requestId;

    public static string FormatChoice(string requestId, int option) =>
        string.Create(CultureInfo.InvariantCulture, $"choose:{requestId}:{option}");

    public static bool TryParse(string? data, out CallbackAction action, out string requestId) =>
        TryParse(data, out action, out requestId, out _);

    public static bool TryParse(string? data, out CallbackAction action, out string requestId, out int option)
    {
        action = default;
        requestId = string.Empty;
        option = -1;
        var colon = data?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (colon <= 0 || colon == data!.Length - 1)
        {
            return false;
        }

        requestId = data[(colon + 1)..];
        switch (data[..colon])
        {
            case "approve":
                action = CallbackAction.Approve;
                return true;
            case "reject":
                action = CallbackAction.Reject;
                return true;
            case "postpone":
                action = CallbackAction.Postpone;
                return true;
            case "choose":
                action = CallbackAction.Choose;
                var last = requestId.LastIndexOf(':');
                if (last <= 0 || !int.TryParse(requestId.AsSpan(last + 1), NumberStyles.None, CultureInfo.InvariantCulture, out option))
                {
                    return false;
                }

                requestId = requestId[..last];
                return true;
            default:
                return false;
        }
    }
}
