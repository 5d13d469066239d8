using D8.Distributed.Contracts;
using Microsoft.Extensions.Options;

namespace D8.Telegram.Internal;

/// <summary>
/// Rules annotations cannot express: the token and chat ids (with messages that name the settings and the variables a
/// user of d8-master sets), the base URL, and the retry delays across fields.
/// </summary>
internal sealed class D8TelegramOptionsRulesValidator : IValidateOptions<D8TelegramOptions>
{
    public ValidateOptionsResult Validate(string? name, D8TelegramOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.BotToken))
        {
            failures.Add($"The Telegram bot token is missing: set {D8TelegramOptions.SectionName}:BotToken (d8-master also reads {D8LegacyEnvironment.TelegramToken}, {D8LegacyEnvironment.TelegramToken}{D8LegacyEnvironment.FileSuffix} or the systemd credential {D8LegacyEnvironment.TelegramTokenCredential}) to the token BotFather gave you.");
        }
        else if (!TelegramToken.IsWellFormed(options.BotToken))
        {
            // Never echo the token: it is a secret.
            failures.Add($"The Telegram bot token is malformed: {D8TelegramOptions.SectionName}:BotToken ({D8LegacyEnvironment.TelegramToken}) must look like '123456789:AA…' as BotFather gives it.");
        }

        if (options.AuthorizedChatIds.Count == 0)
        {
            failures.Add($"No authorised Telegram chat: set {D8TelegramOptions.SectionName}:AuthorizedChatIds (d8-master also reads {D8LegacyEnvironment.TelegramChatId}, comma-separated for several chats). Send /start to your bot and read the chat id from getUpdates.");
        }

        if (options.AuthorizedChatIds.Contains(0))
        {
            failures.Add($"{D8TelegramOptions.SectionName}:AuthorizedChatIds contains 0, which is not a chat id.");
        }

        if (options.AuthorizedUserIds.Any(id => id <= 0))
        {
            failures.Add($"{D8TelegramOptions.SectionName}:AuthorizedUserIds must hold user ids (positive whole numbers; group chat ids are negative and belong in AuthorizedChatIds).");
        }

        if (options.ApiBaseUrl is { } url && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
        {
            failures.Add($"{D8TelegramOptions.SectionName}:ApiBaseUrl must be an absolute http(s) URL such as https://api.telegram.org.");
        }

        if (options.MaxRetryDelay < options.InitialRetryDelay)
        {
            failures.Add($"{D8TelegramOptions.SectionName}:MaxRetryDelay must not be shorter than {D8TelegramOptions.SectionName}:InitialRetryDelay.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
