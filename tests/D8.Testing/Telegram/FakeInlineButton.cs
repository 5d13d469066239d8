namespace D8.Testing.Telegram;

/// <summary>An inline keyboard button as the bot sent it.</summary>
public sealed record FakeInlineButton(string Text, string? CallbackData);
