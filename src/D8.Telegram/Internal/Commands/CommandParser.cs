using System.Diagnostics.CodeAnalysis;

namespace D8.Telegram.Internal.Commands;

/// <summary>Reads commands in Spanish or English, with an optional <c>@botname</c> suffix.</summary>
internal static class CommandParser
{
    private static readonly Dictionary<string, BotCommandKind> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["solicitudes"] = BotCommandKind.List,
        ["requests"] = BotCommandKind.List,
        ["solicitud"] = BotCommandKind.Details,
        ["request"] = BotCommandKind.Details,
        ["aprobar"] = BotCommandKind.Approve,
        ["approve"] = BotCommandKind.Approve,
        ["rechazar"] = BotCommandKind.Reject,
        ["reject"] = BotCommandKind.Reject,
        ["posponer"] = BotCommandKind.Postpone,
        ["postpone"] = BotCommandKind.Postpone,
        ["completar"] = BotCommandKind.Complete,
        ["complete"] = BotCommandKind.Complete,
        ["ayuda"] = BotCommandKind.Help,
        ["help"] = BotCommandKind.Help,
        ["start"] = BotCommandKind.Help,
        ["slaves"] = BotCommandKind.Slaves,
        ["esclavos"] = BotCommandKind.Slaves,
        ["gastos"] = BotCommandKind.Spend,
        ["spend"] = BotCommandKind.Spend,
        ["cancelar"] = BotCommandKind.Cancel,
        ["cancel"] = BotCommandKind.Cancel,
    };

    /// <summary>Splits a message that starts with <c>/</c>; false for anything else.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ParsedCommand? command)
    {
        command = null;
        var trimmed = text?.TrimStart();
        if (string.IsNullOrEmpty(trimmed) || trimmed[0] != '/' || trimmed.Length < 2)
        {
            return false;
        }

        var end = trimmed.IndexOfAny([' ', '\n', '\t']);
        var head = end < 0 ? trimmed[1..] : trimmed[1..end];
        var arguments = end < 0 ? string.Empty : trimmed[(end + 1)..].Trim();
        var at = head.IndexOf('@', StringComparison.Ordinal);
        command = at < 0
            ? new ParsedCommand(head, null, arguments)
            : new ParsedCommand(head[..at], head[(at + 1)..], arguments);
        return command.Name.Length > 0;
    }

    /// <summary>Maps a command name (any alias, any case) to its kind.</summary>
    public static bool TryResolve(string name, out BotCommandKind kind) => Aliases.TryGetValue(name, out kind);
}
