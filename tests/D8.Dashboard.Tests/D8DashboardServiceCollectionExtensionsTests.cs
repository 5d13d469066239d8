using D8.Dashboard.Internal;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace D8.Dashboard.Tests;

public sealed class D8DashboardServiceCollectionExtensionsTests
{
    [Fact]
    public void AddD8Dashboard_NullArguments_Throw()
    {
        var services = new ServiceCollection();

        Assert.Equal("services", Assert.Throws<ArgumentNullException>(() => D8DashboardServiceCollectionExtensions.AddD8Dashboard(null!)).ParamName);
        Assert.Equal("services", Assert.Throws<ArgumentNullException>(() => D8DashboardServiceCollectionExtensions.AddD8Dashboard(null!, _ => { })).ParamName);
        Assert.Equal("services", Assert.Throws<ArgumentNullException>(() => D8DashboardServiceCollectionExtensions.AddD8Dashboard(null!, new ConfigurationBuilder().Build())).ParamName);
        Assert.Equal("configure", Assert.Throws<ArgumentNullException>(() => services.AddD8Dashboard((Action<D8DashboardOptions>)null!)).ParamName);
        Assert.Equal("configuration", Assert.Throws<ArgumentNullException>(() => services.AddD8Dashboard((IConfiguration)null!)).ParamName);
        Assert.Equal("endpoints", Assert.Throws<ArgumentNullException>(() => D8DashboardEndpointRouteBuilderExtensions.MapD8Dashboard(null!)).ParamName);
    }

    [Fact]
    public async Task AddD8Dashboard_Default_ResolvesServicesAndCookieScheme()
    {
        var services = new ServiceCollection().AddLogging().AddD8Dashboard(o => o.Password = "long enough");
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        Assert.NotNull(provider.GetRequiredService<SignInGate>());
        Assert.NotNull(provider.GetRequiredService<IAntiforgery>());
        Assert.NotNull(await provider.GetRequiredService<IAuthenticationSchemeProvider>().GetSchemeAsync(DashboardCookieSetup.Scheme));
        Assert.Contains(provider.GetServices<IHostedService>(), s => s is DashboardStartupLog);
        provider.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void AddD8Dashboard_ConfigurationSection_BindsEveryOption()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["D8:Dashboard:Password"] = "s3cret-pass",
            ["D8:Dashboard:Port"] = "8080",
            ["D8:Dashboard:BindAddress"] = "192.168.1.10",
            ["D8:Dashboard:ConfigureKestrel"] = "false",
            ["D8:Dashboard:PathBase"] = "/dashboard",
            ["D8:Dashboard:RefreshInterval"] = "00:00:10",
            ["D8:Dashboard:FailedSignInDelay"] = "00:00:02",
            ["D8:Dashboard:SessionLifetime"] = "1.00:00:00",
            ["D8:Dashboard:Actor"] = "dashboard:leo",
        }).Build();
        using var viaSection = new ServiceCollection().AddD8Dashboard(configuration.GetSection(D8DashboardOptions.SectionName)).BuildServiceProvider();
        using var viaDefault = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddD8Dashboard().BuildServiceProvider();

        foreach (var options in new[] { viaSection, viaDefault }.Select(p => p.GetRequiredService<IOptions<D8DashboardOptions>>().Value))
        {
            Assert.Equal(("s3cret-pass", 8080, "192.168.1.10", false, "/dashboard"), (options.Password, options.Port, options.BindAddress, options.ConfigureKestrel, options.PathBase));
            Assert.Equal((TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2), TimeSpan.FromDays(1), "dashboard:leo"), (options.RefreshInterval, options.FailedSignInDelay, options.SessionLifetime, options.Actor));
        }
    }

    [Fact]
    public void AddD8Dashboard_Action_AppliesAfterTheD8DashboardSection()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["D8:Dashboard:Port"] = "8080",
            ["D8:Dashboard:Actor"] = "from-config",
        }).Build();
        using var provider = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddD8Dashboard(o => o.Actor = "from-code").BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<D8DashboardOptions>>().Value;

        Assert.Equal((8080, "from-code"), (options.Port, options.Actor));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AddD8Dashboard_Section_BindsOnlyThatSectionEvenWithTheParameterlessOverload(bool sectionFirst)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["D8:Dashboard:Port"] = "8080",
            ["D8:Dashboard:Actor"] = "from-d8-dashboard",
            ["Web:Actor"] = "from-web",
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        _ = sectionFirst ? services.AddD8Dashboard(configuration.GetSection("Web")).AddD8Dashboard() : services.AddD8Dashboard().AddD8Dashboard(configuration.GetSection("Web"));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<D8DashboardOptions>>().Value;

        Assert.Equal((7500, "from-web"), (options.Port, options.Actor));
    }

    [Fact]
    public void AddD8Dashboard_EnabledKey_IsASettingHostsRead()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["D8:Dashboard:Enabled"] = "false" }).Build();
        using var provider = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddD8Dashboard().BuildServiceProvider();

        Assert.False(provider.GetRequiredService<IOptions<D8DashboardOptions>>().Value.Enabled);
        Assert.True(new D8DashboardOptions().Enabled);
    }

    [Theory]
    [InlineData("D8:Dashboard:Passwrd", "long enough", "D8:Dashboard:Passwrd: no such setting (did you mean D8:Dashboard:Password?)")]
    [InlineData("D8:Dashboard:Port", "75OO", "D8:Dashboard:Port: '75OO' is not a whole number")]
    [InlineData("D8:Dashboard:Enabled", "off", "D8:Dashboard:Enabled: 'off' is not true or false")]
    [InlineData("D8:Dashboard:RefreshInterval", "5", "D8:Dashboard:RefreshInterval: '5' is not a duration")]
    public void AddD8Dashboard_UnknownKeyOrBadValue_FailsAtStartNamingTheKey(string key, string value, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();
        using var provider = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddD8Dashboard().BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.StartsWith(expected, Assert.Single(ex.Failures), StringComparison.Ordinal);
    }

    public static TheoryData<string, Action<D8DashboardOptions>> InvalidOptions => new()
    {
        { "Password", o => o.Password = "short" },
        { "PathBase", o => o.PathBase = "dashboard/" },
        { "BindAddress", o => o.BindAddress = "everywhere" },
        { "Port", o => o.Port = 70000 },
        { "RefreshInterval", o => o.RefreshInterval = TimeSpan.Zero },
        { "FailedSignInDelay", o => o.FailedSignInDelay = TimeSpan.FromHours(1) },
        { "Actor", o => o.Actor = "" },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void AddD8Dashboard_InvalidOptions_FailAtStartNamingTheSetting(string expected, Action<D8DashboardOptions> configure)
    {
        using var provider = new ServiceCollection().AddLogging().AddD8Dashboard(configure).BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddD8Dashboard_CalledTwice_IsHarmless()
    {
        var services = new ServiceCollection().AddLogging()
            .AddD8Dashboard(o => o.Password = "long enough")
            .AddD8Dashboard()
            .AddD8Dashboard(new ConfigurationBuilder().Build());
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        Assert.Single(provider.GetServices<IHostedService>(), s => s is DashboardStartupLog);
        Assert.Equal(2, provider.GetServices<IValidateOptions<D8DashboardOptions>>().Count());
        Assert.Single(await provider.GetRequiredService<IAuthenticationSchemeProvider>().GetAllSchemesAsync(), s => s.Name == DashboardCookieSetup.Scheme);
        Assert.Equal("long enough", provider.GetRequiredService<IOptions<D8DashboardOptions>>().Value.Password);
    }

    [Fact]
    public void AddD8Dashboard_SameSectionTwice_BindsOnce()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["D8:Dashboard:Actor"] = "leo" }).Build();
        using var provider = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddD8Dashboard()
            .AddD8Dashboard()
            .BuildServiceProvider();

        Assert.Single(provider.GetServices<IConfigureOptions<D8DashboardOptions>>(), o => o.GetType().Name.StartsWith("D8OptionsBinding", StringComparison.Ordinal));
        Assert.Equal("leo", provider.GetRequiredService<IOptions<D8DashboardOptions>>().Value.Actor);
    }

    [Fact]
    public void MapD8Dashboard_WithoutAddD8Dashboard_SaysWhatIsMissing()
    {
        var builder = WebApplication.CreateSlimBuilder();
        using var app = builder.Build();

        var ex = Assert.Throws<InvalidOperationException>(() => app.MapD8Dashboard());

        Assert.Contains("AddD8Dashboard", ex.Message, StringComparison.Ordinal);
    }
}
