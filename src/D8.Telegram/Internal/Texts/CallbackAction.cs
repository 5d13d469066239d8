namespace D8.Telegram.Internal.Texts;

/// <summary>What an inline button does.</summary>
internal enum CallbackAction
{
    Approve,
    Reject,
    Postpone,

    /// <summary>Approve choosing one of the request's options: <c>choose:req-0001:1</c> (the option's index).</summary>
    Choose,
}
