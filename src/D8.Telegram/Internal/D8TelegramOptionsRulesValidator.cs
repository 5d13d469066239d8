using Microsoft.Extensions.Options;

namespace D8.Telegram.Internal;

/// <summary>
/// Rules annotations cannot express: the token and chat ids (with messages that name the environment variables a
/// user sets), the base URL, and the retry delays across fields.
/// </summary>
internal sealed class D8TelegramOptionsRulesValidator(TelegramEnvironmentSettings environment) : IValidateOptions<D8TelegramOptions>
{
    public ValidateOptionsResult Validate(string? name, D8TelegramOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.BotToken))
        {
            failures.Add($"The Telegram bot token is missing: set the {D8TelegramOptions.TokenEnvironmentVariable} environment variable (or {D8TelegramOptions.SectionName}:BotToken) to the token BotFather gave you.");
        }
        else if (!TelegramToken.IsWellFormed(options.BotToken))
        {
            // Never echo the token: it is a secret.
            failures.Add($"The Telegram bot token is malformed: {D8TelegramOptions.TokenEnvironmentVariable} (or {D8TelegramOptions.SectionName}:BotToken) must look like '123456789:AA…' as BotFather gives it.");
        }

        if (options.AuthorizedChatIds.Count == 0 && environment.InvalidChatIdValue is { } invalid)
        {
            failures.Add($"{D8TelegramOptions.ChatIdEnvironmentVariable} must be a comma-separated list of numeric chat ids; '{invalid}' is not one.");
        }
        else if (options.AuthorizedChatIds.Count == 0)
        {
            failures.Add($"No authorised Telegram chat: set the {D8TelegramOptions.ChatIdEnvironmentVariable} environment variable (comma-separated for several chats) or {D8TelegramOptions.SectionName}:AuthorizedChatIds. Send /start to your bot and read the chat id from getUpdates.");
        }

        if (options.AuthorizedChatIds.Contains(0))
        {
            failures.Add("D8TelegramOptions.AuthorizedChatIds contains 0, which is not a chat id.");
        }

        if (options.ApiBaseUrl is { } url && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
        {
            failures.Add("D8TelegramOptions.ApiBaseUrl must be an absolute http(s) URL such as https://api.telegram.org.");
        }

        if (options.MaxRetryDelay < options.InitialRetryDelay)
        {
            failures.Add("D8TelegramOptions.MaxRetryDelay must not be shorter than InitialRetryDelay.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
