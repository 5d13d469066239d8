using D8.Distributed.Core;
using D8.HumanRequests;
using D8.Telegram.Internal;
using D8.Telegram.Internal.Commands;
using D8.Telegram.Internal.Texts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace D8.Telegram;

/// <summary>Registers the D8 Telegram bot: notifications of human requests, commands, buttons and long polling.</summary>
public static class D8TelegramServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Telegram bot with options from <c>TELEGRAM_TOKEN</c> / <c>TELEGRAM_CHAT_ID</c> (read from the
    /// application's <see cref="IConfiguration"/>). Needs <c>AddD8HumanRequests</c>. Safe to call more than once.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The same collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static IServiceCollection AddD8Telegram(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        AddCore(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<D8TelegramOptions>, TelegramConfigurationSetup>());
        return services;
    }

    /// <summary>Adds the Telegram bot and configures its options in code (see <see cref="AddD8Telegram(IServiceCollection)"/>).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options; values left empty fall back to <c>TELEGRAM_TOKEN</c> / <c>TELEGRAM_CHAT_ID</c>.</param>
    /// <returns>The same collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IServiceCollection AddD8Telegram(this IServiceCollection services, Action<D8TelegramOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        AddCore(services).Configure(configure);
        return services;
    }

    /// <summary>Adds the Telegram bot and binds its options from a configuration section, usually
    /// <see cref="D8TelegramOptions.SectionName"/> (see <see cref="AddD8Telegram(IServiceCollection)"/>).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section to bind, e.g. <c>configuration.GetSection("D8:Telegram")</c>.</param>
    /// <returns>The same collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IServiceCollection AddD8Telegram(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        AddCore(services).Bind(configuration);
        return services;
    }

    private static OptionsBuilder<D8TelegramOptions> AddCore(IServiceCollection services)
    {
        var builder = services.AddOptionsWithValidateOnStart<D8TelegramOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<D8TelegramOptions>, D8TelegramOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<D8TelegramOptions>, D8TelegramOptionsRulesValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<D8TelegramOptions>, D8TelegramOptionsEnvironmentFallback>());
        services.TryAddSingleton(provider => TelegramEnvironmentSettings.From(provider.GetService<IConfiguration>()));

        // The token is part of every Bot API URL, and the factory's default handlers log URLs (and open a scope with
        // one): the bot's client logs nothing of its own; its failures are logged by the bot without the URL.
        services.AddHttpClient(TelegramBotClients.HttpClientName).RemoveAllLoggers();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TelegramBotClients>();
        services.TryAddSingleton<TelegramSender>();
        services.TryAddSingleton(provider => new TelegramMessageFormatter(
            TelegramTexts.For(provider.GetRequiredService<IOptions<D8TelegramOptions>>().Value.Language)));
        services.TryAddSingleton<TelegramCommandHandler>();
        services.TryAddSingleton<TelegramCallbackHandler>();
        services.TryAddSingleton<TelegramUpdateRouter>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, TelegramPollingService>());
        services.AddD8HumanRequestNotifier<TelegramHumanRequestNotifier>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISlaveEventHandler, TelegramSlaveEventForwarder>());
        return builder;
    }
}
