using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace D8.Telegram.Internal;

/// <summary>
/// Binds the <c>D8:Telegram</c> section of the application's configuration, when there is one, for the parameterless
/// <c>AddD8Telegram()</c> — the same convention as <c>AddD8Master()</c> and <c>AddD8Slave()</c>. The
/// <c>TELEGRAM_TOKEN</c> / <c>TELEGRAM_CHAT_ID</c> fallback still fills what the section leaves empty.
/// </summary>
internal sealed class TelegramConfigurationSetup(IConfiguration? configuration = null) : IConfigureOptions<D8TelegramOptions>
{
    public void Configure(D8TelegramOptions options)
    {
        configuration?.GetSection(D8TelegramOptions.SectionName).Bind(options);
    }
}
