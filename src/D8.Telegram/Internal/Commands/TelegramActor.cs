namespace D8.Telegram.Internal.Commands;

/// <summary>Who acts through the bot: recorded as <c>telegram:&lt;user id&gt;</c>, shown by name.</summary>
internal sealed record TelegramActor(long UserId, string DisplayName)
{
    public string Id => FormattableString.Invariant($"telegram:{UserId}");

    public static TelegramActor From(global::Telegram.Bot.Types.User? user, long chatId)
    {
        if (user is null)
        {
            return new TelegramActor(chatId, FormattableString.Invariant($"{chatId}"));
        }

        var name = string.Join(' ', new[] { user.FirstName, user.LastName }.Where(n => !string.IsNullOrWhiteSpace(n)));
        if (user.Username is { Length: > 0 } username)
        {
            name = name.Length == 0 ? "@" + username : $"{name} (@{username})";
        }

        return new TelegramActor(user.Id, name.Length == 0 ? FormattableString.Invariant($"{user.Id}") : name);
    }
}
