using D8.Distributed.Core;
using D8.HumanRequests;
using D8.Shared.Configuration;
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
    /// Adds the Telegram bot, bound to the <c>D8:Telegram</c> section of the application's configuration when an
    /// <see cref="IConfiguration"/> is registered. Binding is strict (an unknown key or a value that does not convert
    /// fails start-up naming the key); a missing token or chat fails start-up naming the setting. Needs
    /// <c>AddD8HumanRequests</c>. Safe to call more than once.
    /// </summary>
    /// <remarks>
    /// The package reads no environment variable: a host that wants <c>TELEGRAM_TOKEN</c> / <c>TELEGRAM_CHAT_ID</c> adds
    /// <c>AddD8LegacyEnvironmentVariables()</c> to its configuration, as d8-master does.
    /// </remarks>
    /// <param name="services">The service collection.</param>
    /// <returns>The same collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static IServiceCollection AddD8Telegram(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddD8Options<D8TelegramOptions>(D8TelegramOptions.SectionName);
        AddCore(services);
        return services;
    }

    /// <summary>Adds the Telegram bot as <see cref="AddD8Telegram(IServiceCollection)"/> does (the <c>D8:Telegram</c>
    /// section), then applies <paramref name="configure"/>. Safe to call more than once.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options, after the configuration.</param>
    /// <returns>The same collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IServiceCollection AddD8Telegram(this IServiceCollection services, Action<D8TelegramOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddD8Telegram();
        services.Configure(configure);
        return services;
    }

    /// <summary>Adds the Telegram bot, bound strictly to the given section only (the application's <c>D8:Telegram</c>
    /// section is then not bound, also not by a later parameterless call). Safe to call more than once.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section to bind, e.g. <c>configuration.GetSection("D8:Telegram")</c>.</param>
    /// <returns>The same collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IServiceCollection AddD8Telegram(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddD8Options<D8TelegramOptions>(configuration);
        AddCore(services);
        return services;
    }

    private static void AddCore(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<D8TelegramOptions>, D8TelegramOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<D8TelegramOptions>, D8TelegramOptionsRulesValidator>());

        // The token is part of every Bot API URL, and the factory's default handlers log URLs (and open a scope with
        // one): the bot's client logs nothing of its own; its failures are logged by the bot without the URL.
        services.AddHttpClient(TelegramBotClients.HttpClientName).RemoveAllLoggers();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TelegramBotClients>();
        services.TryAddSingleton<TelegramSender>();
        services.TryAddSingleton<TelegramActorNames>();
        services.TryAddSingleton(provider => new TelegramMessageFormatter(
            TelegramTexts.For(provider.GetRequiredService<IOptions<D8TelegramOptions>>().Value.Language)));
        services.TryAddSingleton<TelegramCommandHandler>();
        services.TryAddSingleton<TelegramCallbackHandler>();
        services.TryAddSingleton<TelegramUpdateRouter>();
        services.TryAddSingleton<ID8Leadership>(D8StandaloneLeadership.Instance);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, TelegramPollingService>());
        services.AddD8HumanRequestNotifier<TelegramHumanRequestNotifier>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISlaveEventHandler, TelegramSlaveEventForwarder>());
        services.AddD8OwnerAlertNotifier<TelegramOwnerAlertNotifier>();
    }
}
