namespace D8.Telegram.Internal.Commands;

/// <summary>The bot's commands, whatever alias was typed.</summary>
internal enum BotCommandKind
{
    List,
    Details,
    Approve,
    Reject,
    Postpone,
    Complete,
    Help,
    Slaves,
    Spend,
    Cancel,
}
