using D8.Distributed.Contracts;
using D8.Distributed.Core;
using D8.HumanRequests;
using D8.Telegram.Internal;
using D8.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace D8.Telegram.Tests;

public sealed class D8TelegramServiceCollectionExtensionsTests : IDisposable
{
    private const string Token = "123456:ABC-def_ghi";
    private readonly TempDirectory _data = new("d8-telegram-di");

    [Fact]
    public void AddD8Telegram_NullArguments_Throw()
    {
        var services = new ServiceCollection();

        Assert.Throws<ArgumentNullException>("services", () => D8TelegramServiceCollectionExtensions.AddD8Telegram(null!));
        Assert.Throws<ArgumentNullException>("services", () => D8TelegramServiceCollectionExtensions.AddD8Telegram(null!, _ => { }));
        Assert.Throws<ArgumentNullException>("services", () => D8TelegramServiceCollectionExtensions.AddD8Telegram(null!, new ConfigurationBuilder().Build()));
        Assert.Throws<ArgumentNullException>("configure", () => services.AddD8Telegram((Action<D8TelegramOptions>)null!));
        Assert.Throws<ArgumentNullException>("configuration", () => services.AddD8Telegram((IConfiguration)null!));
    }

    [Fact]
    public void AddD8Telegram_Configured_ResolvesPollerNotifierAndOptions()
    {
        using var provider = Services(s => s.AddD8Telegram(o =>
        {
            o.BotToken = Token;
            o.AuthorizedChatIds.Add(42);
        })).BuildServiceProvider(validateScopes: true);

        Assert.Single(provider.GetServices<IHostedService>().OfType<TelegramPollingService>());
        Assert.Single(provider.GetServices<IHumanRequestNotifier>().OfType<TelegramHumanRequestNotifier>());
        Assert.NotNull(provider.GetRequiredService<TelegramBotClients>().Polling);
        Assert.Single(provider.GetServices<ISlaveEventHandler>().OfType<TelegramSlaveEventForwarder>());
        Assert.Single(provider.GetServices<IOwnerAlertNotifier>().OfType<TelegramOwnerAlertNotifier>());
        var options = provider.GetRequiredService<IOptions<D8TelegramOptions>>().Value;
        Assert.Equal(Token, options.BotToken);
        Assert.Equal([42L], options.AuthorizedChatIds);
        Assert.Equal("es", options.Language);
        Assert.Equal(D8TelegramOptions.DefaultApiBaseUrl, options.ApiBaseUrl);
    }

    [Fact]
    public void AddD8Telegram_ConfigurationSection_BindsEveryOption()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["D8:Telegram:BotToken"] = Token,
            ["D8:Telegram:AuthorizedChatIds:0"] = "42",
            ["D8:Telegram:AuthorizedChatIds:1"] = "-100123",
            ["D8:Telegram:ApiBaseUrl"] = "http://127.0.0.1:8081",
            ["D8:Telegram:Language"] = "en",
            ["D8:Telegram:PollingTimeout"] = "00:00:20",
            ["D8:Telegram:RequestTimeout"] = "00:00:15",
            ["D8:Telegram:InitialRetryDelay"] = "00:00:02",
            ["D8:Telegram:MaxRetryDelay"] = "00:05:00",
            ["D8:Telegram:EnablePolling"] = "false",
            ["D8:Telegram:ForwardSlaveDown"] = "false",
            ["D8:Telegram:ForwardSlaveRecovered"] = "false",
        }).Build();

        using var provider = Services(s => s.AddD8Telegram(configuration.GetSection(D8TelegramOptions.SectionName))).BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<D8TelegramOptions>>().Value;

        Assert.Equal(Token, options.BotToken);
        Assert.Equal([42L, -100123L], options.AuthorizedChatIds);
        Assert.Equal(new Uri("http://127.0.0.1:8081"), options.ApiBaseUrl);
        Assert.Equal("en", options.Language);
        Assert.Equal(TimeSpan.FromSeconds(20), options.PollingTimeout);
        Assert.Equal(TimeSpan.FromSeconds(15), options.RequestTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2), options.InitialRetryDelay);
        Assert.Equal(TimeSpan.FromMinutes(5), options.MaxRetryDelay);
        Assert.False(options.EnablePolling);
        Assert.False(options.ForwardSlaveDown);
        Assert.False(options.ForwardSlaveRecovered);
        Assert.True(options.ForwardSlaveVersionMismatch);
    }

    [Fact]
    public void AddD8Telegram_LegacyVariablesThroughTheHostConfiguration_FillTheOptions()
    {
        var root = new ConfigurationBuilder().AddD8LegacyEnvironmentVariables(new Dictionary<string, string?>
        {
            ["TELEGRAM_TOKEN"] = Token,
            ["TELEGRAM_CHAT_ID"] = "42, -100123",
        }).Build();

        using var provider = Services(s => s.AddSingleton<IConfiguration>(root).AddD8Telegram()).BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<D8TelegramOptions>>().Value;

        Assert.Equal(Token, options.BotToken);
        Assert.Equal([42L, -100123L], options.AuthorizedChatIds);
    }

    [Fact]
    public void AddD8Telegram_TelegramTokenKeyInTheAppConfiguration_IsNotReadByThePackage()
    {
        // Only AddD8LegacyEnvironmentVariables maps TELEGRAM_TOKEN; a raw key of that name is not a D8 setting.
        var root = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["TELEGRAM_TOKEN"] = Token, ["TELEGRAM_CHAT_ID"] = "42" }).Build();

        using var provider = Services(s => s.AddSingleton<IConfiguration>(root).AddD8Telegram()).BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<D8TelegramOptions>>().Value);

        Assert.Contains("D8:Telegram:BotToken", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddD8Telegram_NoArguments_BindsTheD8TelegramSectionOfTheAppConfiguration()
    {
        var root = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["D8:Telegram:BotToken"] = Token,
            ["D8:Telegram:AuthorizedChatIds:0"] = "7",
            ["D8:Telegram:Language"] = "en",
        }).Build();

        using var provider = Services(s => s.AddSingleton<IConfiguration>(root).AddD8Telegram()).BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<D8TelegramOptions>>().Value;

        Assert.Equal(Token, options.BotToken);
        Assert.Equal([7L], options.AuthorizedChatIds);
        Assert.Equal("en", options.Language);
    }

    [Fact]
    public void AddD8Telegram_Action_AppliesAfterTheConfiguration()
    {
        var root = new ConfigurationBuilder().AddD8LegacyEnvironmentVariables(new Dictionary<string, string?>
        {
            ["TELEGRAM_TOKEN"] = "999:from-env",
            ["TELEGRAM_CHAT_ID"] = "1",
        }).Build();

        using var provider = Services(s => s.AddSingleton<IConfiguration>(root).AddD8Telegram(o =>
        {
            o.BotToken = Token;
            o.AuthorizedChatIds.Add(42);
        })).BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<D8TelegramOptions>>().Value;

        Assert.Equal(Token, options.BotToken);
        Assert.Equal([1L, 42L], options.AuthorizedChatIds);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AddD8Telegram_Section_BindsOnlyThatSectionEvenWithTheParameterlessOverload(bool sectionFirst)
    {
        var settings = new Dictionary<string, string?>
        {
            ["D8:Telegram:BotToken"] = "1:from-d8-telegram",
            ["D8:Telegram:Language"] = "en",
            ["D8:Telegram:AuthorizedChatIds:0"] = "7",
            ["Bot:BotToken"] = Token,
            ["Bot:AuthorizedChatIds:0"] = "42",
        };
        var root = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        using var provider = Services(s =>
        {
            s.AddSingleton<IConfiguration>(root);
            _ = sectionFirst ? s.AddD8Telegram(root.GetSection("Bot")).AddD8Telegram() : s.AddD8Telegram().AddD8Telegram(root.GetSection("Bot"));
        }).BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<D8TelegramOptions>>().Value;

        Assert.Equal((Token, "es"), (options.BotToken, options.Language));
        Assert.Equal([42L], options.AuthorizedChatIds);
    }

    [Theory]
    [InlineData(null, "42", "TELEGRAM_TOKEN")]
    [InlineData(Token, null, "TELEGRAM_CHAT_ID")]
    [InlineData("sampleToken", "42", "TELEGRAM_TOKEN")]
    [InlineData("abc:def", "42", "malformed")]
    public async Task Start_MissingOrInvalidTokenOrChat_FailsNamingTheVariable(string? token, string? chats, string expected)
    {
        var settings = new Dictionary<string, string?> { ["TELEGRAM_TOKEN"] = token, ["TELEGRAM_CHAT_ID"] = chats };

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartHostAsync(settings, _ => { }));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        if (token is not null && token != Token)
        {
            Assert.DoesNotContain(token, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Start_ChatIdVariableNotANumber_FailsNamingTheVariable()
    {
        var settings = new Dictionary<string, string?> { ["TELEGRAM_TOKEN"] = Token, ["TELEGRAM_CHAT_ID"] = "42,abc" };

        // The legacy source checks it while the configuration is built: D8:Telegram:AuthorizedChatIds:1 is no key anyone wrote.
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StartHostAsync(settings, _ => { }));

        Assert.StartsWith("TELEGRAM_CHAT_ID: 'abc' is not a chat id", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("D8:Telegram:ApiBaseUrl", "api.telegram.org", "D8:Telegram:ApiBaseUrl: 'api.telegram.org' is not an absolute URL")]
    [InlineData("D8:Telegram:EnablePoling", "false", "D8:Telegram:EnablePoling: no such setting (did you mean D8:Telegram:EnablePolling?)")]
    [InlineData("D8:Telegram:PollingTimeout", "30s", "D8:Telegram:PollingTimeout: '30s' is not a duration")]
    [InlineData("D8:Telegram:AuthorizedChatIds:0", "@owner", "D8:Telegram:AuthorizedChatIds:0: '@owner' is not a whole number")]
    public async Task Start_UnknownKeyOrBadValue_FailsNamingTheKey(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?> { ["TELEGRAM_TOKEN"] = Token, ["TELEGRAM_CHAT_ID"] = "42" };

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartHostAsync(settings, _ => { }, new() { [key] = value }));

        Assert.StartsWith(expected, Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Language", "fr")]
    [InlineData("MaxRetryDelay", "")]
    [InlineData("ApiBaseUrl", "ftp://example.org")]
    [InlineData("PollingTimeout", "")]
    public async Task Start_InvalidOption_FailsNamingIt(string option, string value)
    {
        var settings = new Dictionary<string, string?> { ["TELEGRAM_TOKEN"] = Token, ["TELEGRAM_CHAT_ID"] = "42" };

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartHostAsync(settings, o =>
        {
            switch (option)
            {
                case "Language":
                    o.Language = value;
                    break;
                case "MaxRetryDelay":
                    o.InitialRetryDelay = TimeSpan.FromSeconds(10);
                    o.MaxRetryDelay = TimeSpan.FromSeconds(1);
                    break;
                case "ApiBaseUrl":
                    o.ApiBaseUrl = new Uri(value);
                    break;
                default:
                    o.PollingTimeout = TimeSpan.FromMinutes(5);
                    break;
            }
        }));

        Assert.Contains(option, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddD8Telegram_CalledTwice_RegistersEverythingOnceAndDoesNotDoubleTheChats()
    {
        var root = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["D8:Telegram:BotToken"] = Token, ["D8:Telegram:AuthorizedChatIds:0"] = "42" }).Build();
        var services = Services(s => s.AddSingleton<IConfiguration>(root).AddD8Telegram().AddD8Telegram().AddD8Telegram(o => o.Language = "en"));

        using var provider = services.BuildServiceProvider();

        Assert.Single(provider.GetServices<IHostedService>().OfType<TelegramPollingService>());
        Assert.Single(provider.GetServices<IHumanRequestNotifier>().OfType<TelegramHumanRequestNotifier>());
        Assert.Equal(2, provider.GetServices<IValidateOptions<D8TelegramOptions>>().Count());
        Assert.Single(provider.GetServices<IConfigureOptions<D8TelegramOptions>>(), o => o.GetType().Name.StartsWith("D8OptionsBinding", StringComparison.Ordinal));
        Assert.Single(provider.GetServices<ISlaveEventHandler>().OfType<TelegramSlaveEventForwarder>());
        Assert.Single(provider.GetServices<IOwnerAlertNotifier>());
        var options = provider.GetRequiredService<IOptions<D8TelegramOptions>>().Value;
        Assert.Equal([42L], options.AuthorizedChatIds);
        Assert.Equal("en", options.Language);
    }

    public void Dispose() => _data.Dispose();

    private ServiceCollection Services(Action<ServiceCollection> add)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddD8HumanRequests(o => o.DataDirectory = _data.Path);
        add(services);
        return services;
    }

    private async Task StartHostAsync(Dictionary<string, string?> environment, Action<D8TelegramOptions> configure, Dictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddD8LegacyEnvironmentVariables(environment);
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        builder.Services.AddD8HumanRequests(o => o.DataDirectory = _data.Path);
        builder.Services.AddD8Telegram(configure);
        using var host = builder.Build();
        await host.StartAsync();
        await host.StopAsync();
    }
}
