using System.Collections;
using D8.Distributed.Contracts.Internal;
using Microsoft.Extensions.Configuration;

namespace D8.Distributed.Contracts;

/// <summary>Adds the configuration source every D8 host and package shares for the variables of existing deployments.</summary>
public static class D8ConfigurationBuilderExtensions
{
    /// <summary>
    /// Maps the variables existing deployments use onto <c>D8:*</c> keys, reading the process environment:
    /// <c>SLAVE_TOKEN</c> (or <c>SLAVE_AUTH_TOKEN</c>, <c>SLAVE_TOKEN_FILE</c>, <c>SLAVE_AUTH_TOKEN_FILE</c>, the systemd
    /// credential <c>slave_token</c>)
    /// to <c>D8:Master:Token</c> and <c>D8:Slave:AuthToken</c>; <c>SLAVE_HOST</c> and <c>SLAVE_PORT</c> to
    /// <c>D8:Slave:Host</c> and <c>D8:Slave:Port</c>; <c>D8_DATA_DIR</c> to <c>D8:Master:DataDirectory</c> and
    /// <c>D8:HumanRequests:DataDirectory</c>; <c>TELEGRAM_TOKEN</c> (or <c>TELEGRAM_TOKEN_FILE</c>, the credential
    /// <c>telegram_token</c>) to <c>D8:Telegram:BotToken</c>; <c>TELEGRAM_CHAT_ID</c> (comma-separated) to
    /// <c>D8:Telegram:AuthorizedChatIds</c>; <c>D8_API_TOKEN</c> (or <c>D8_API_TOKEN_FILE</c>, the credential
    /// <c>d8_api_token</c>) to <c>D8:Master:ApiToken</c> and <c>D8:Cli:ApiToken</c>; <c>D8_DASHBOARD_PASSWORD</c> (or
    /// <c>D8_DASHBOARD_PASSWORD_FILE</c>, the credential <c>d8_dashboard_password</c>) to <c>D8:Dashboard:Password</c>.
    /// </summary>
    /// <remarks>
    /// For each secret the variable itself (then its alias) wins over the <c>_FILE</c> variants, which win over the
    /// systemd credential (<c>$CREDENTIALS_DIRECTORY/&lt;name&gt;</c>). Empty variables count as unset. A file named by a
    /// <c>_FILE</c> variable that cannot be read, or a <c>TELEGRAM_CHAT_ID</c> that is not a list of whole numbers,
    /// fails the build of the configuration with a message naming the variable. Sources added later win over this one: add <c>D8__*</c> environment variables and the command line after
    /// it, so that they override the old names.
    /// </remarks>
    /// <param name="builder">The configuration builder.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static IConfigurationBuilder AddD8LegacyEnvironmentVariables(this IConfigurationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var environment = Environment.GetEnvironmentVariables()
            .Cast<DictionaryEntry>()
            .ToDictionary(entry => (string)entry.Key, entry => (string?)entry.Value, StringComparer.Ordinal);
        return builder.AddD8LegacyEnvironmentVariables(environment);
    }

    /// <summary>
    /// Maps the variables existing deployments use onto <c>D8:*</c> keys, as
    /// <see cref="AddD8LegacyEnvironmentVariables(IConfigurationBuilder)"/> does, reading <paramref name="environment"/>
    /// instead of the process environment (tests, or a host that passes its own).
    /// </summary>
    /// <param name="builder">The configuration builder.</param>
    /// <param name="environment">The environment variables to read, by name (<c>CREDENTIALS_DIRECTORY</c> too).</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IConfigurationBuilder AddD8LegacyEnvironmentVariables(this IConfigurationBuilder builder, IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(environment);
        return builder.Add(new LegacyEnvironmentSource(environment));
    }
}
