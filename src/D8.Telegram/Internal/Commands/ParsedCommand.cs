namespace D8.Telegram.Internal.Commands;

/// <summary>A command as typed: <c>/aprobar@d8_bot req-0001 ok</c> → name <c>aprobar</c>, bot <c>d8_bot</c>,
/// arguments <c>req-0001 ok</c>.</summary>
internal sealed record ParsedCommand(string Name, string? BotName, string Arguments)
{
    /// <summary>The first argument (the request id, usually), or null.</summary>
    public string? FirstArgument => Split().Id;

    /// <summary>The arguments split after the first word.</summary>
    public (string? Id, string Remainder) Split()
    {
        var text = Arguments.Trim();
        if (text.Length == 0)
        {
            return (null, string.Empty);
        }

        var space = text.IndexOfAny([' ', '\n', '\t']);
        return space < 0 ? (text, string.Empty) : (text[..space], text[(space + 1)..].Trim());
    }
}
