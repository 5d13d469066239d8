namespace D8.Telegram.Internal.Texts;

/// <summary>What an inline button does.</summary>
internal enum CallbackAction
{
    Approve,
    Reject,
    Postpone,
}
