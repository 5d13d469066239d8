using Microsoft.Extensions.Options;

namespace D8.Telegram.Internal;

/// <summary>Fills the token and chat ids from <c>TELEGRAM_TOKEN</c> / <c>TELEGRAM_CHAT_ID</c> when configuration
/// left them empty: explicit settings win, the variables existing deployments use still work.</summary>
internal sealed class D8TelegramOptionsEnvironmentFallback(TelegramEnvironmentSettings environment) : IPostConfigureOptions<D8TelegramOptions>
{
    public void PostConfigure(string? name, D8TelegramOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.BotToken))
        {
            options.BotToken = environment.Token;
        }

        if (options.AuthorizedChatIds.Count == 0)
        {
            foreach (var id in environment.ChatIds)
            {
                options.AuthorizedChatIds.Add(id);
            }
        }
    }
}
