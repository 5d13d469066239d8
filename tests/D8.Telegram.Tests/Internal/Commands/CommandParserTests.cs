using D8.Telegram.Internal.Commands;

namespace D8.Telegram.Tests.Internal.Commands;

public sealed class CommandParserTests
{
    [Theory]
    [InlineData("/aprobar req-0001", "aprobar", null, "req-0001")]
    [InlineData("/aprobar@D8_Bot req-0001 vale", "aprobar", "D8_Bot", "req-0001 vale")]
    [InlineData("  /ayuda", "ayuda", null, "")]
    [InlineData("/rechazar req-0001\nmuy caro", "rechazar", null, "req-0001\nmuy caro")]
    public void TryParse_Command_SplitsNameBotAndArguments(string text, string name, string? bot, string arguments)
    {
        Assert.True(CommandParser.TryParse(text, out var command));
        Assert.Equal(new ParsedCommand(name, bot, arguments), command);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("hola")]
    [InlineData("/")]
    [InlineData("/@bot")]
    public void TryParse_NotACommand_ReturnsFalse(string? text) => Assert.False(CommandParser.TryParse(text, out _));

    [Theory]
    [InlineData("solicitudes", "List")]
    [InlineData("REQUESTS", "List")]
    [InlineData("solicitud", "Details")]
    [InlineData("request", "Details")]
    [InlineData("aprobar", "Approve")]
    [InlineData("approve", "Approve")]
    [InlineData("rechazar", "Reject")]
    [InlineData("reject", "Reject")]
    [InlineData("posponer", "Postpone")]
    [InlineData("postpone", "Postpone")]
    [InlineData("completar", "Complete")]
    [InlineData("complete", "Complete")]
    [InlineData("ayuda", "Help")]
    [InlineData("help", "Help")]
    [InlineData("start", "Help")]
    [InlineData("cancelar", "Cancel")]
    [InlineData("Cancel", "Cancel")]
    public void TryResolve_SpanishAndEnglishAliases_MapToTheSameCommand(string name, string kind)
    {
        Assert.True(CommandParser.TryResolve(name, out var resolved));
        Assert.Equal(kind, resolved.ToString());
    }

    [Fact]
    public void Split_FirstWordAndRemainder()
    {
        Assert.Equal(("req-0001", "muy caro"), new ParsedCommand("x", null, "req-0001   muy caro").Split());
        Assert.Equal(((string?)null, string.Empty), new ParsedCommand("x", null, "  ").Split());
    }
}
