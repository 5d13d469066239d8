namespace D8.Telegram.Internal.Texts;

/// <summary>Callback data of the decision buttons: <c>approve:req-0001</c>, <c>reject:…</c>, <c>postpone:…</c>.</summary>
internal static class CallbackData
{
    public static string Format(CallbackAction action, string requestId) => action switch
    {
        CallbackAction.Approve => "approve:",
        CallbackAction.Reject => "reject:",
        _ => "postpone:",
    } + requestId;

    public static bool TryParse(string? data, out CallbackAction action, out string requestId)
    {
        action = default;
        requestId = string.Empty;
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
            default:
                return false;
        }
    }
}
