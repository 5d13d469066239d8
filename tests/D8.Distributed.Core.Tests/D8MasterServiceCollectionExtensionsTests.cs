using D8.Distributed.Contracts;
using D8.Distributed.Core;
using D8.Distributed.Core.Internal;
using D8.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Core.Tests;

public sealed class D8MasterServiceCollectionExtensionsTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public void AddD8Master_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>("services", () => D8MasterServiceCollectionExtensions.AddD8Master(null!));
        Assert.Throws<ArgumentNullException>("services", () => D8MasterServiceCollectionExtensions.AddD8Master(null!, _ => { }));
        Assert.Throws<ArgumentNullException>("configure", () => new ServiceCollection().AddD8Master((Action<D8MasterOptions>)null!));
        Assert.Throws<ArgumentNullException>("services", () => D8MasterServiceCollectionExtensions.AddD8Master(null!, new ConfigurationBuilder().Build()));
        Assert.Throws<ArgumentNullException>("configuration", () => new ServiceCollection().AddD8Master((IConfiguration)null!));
    }

    [Fact]
    public void AddD8Master_Configured_ResolvesThePublicServices()
    {
        using var provider = new ServiceCollection()
            .AddD8Master(options => { options.Token = "t"; options.DataDirectory = _data.Path; })
            .Services
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        Assert.NotNull(provider.GetRequiredService<ISlaveRegistry>());
        Assert.NotNull(provider.GetRequiredService<ISlaveHealthMonitor>());
        Assert.NotNull(provider.GetRequiredService<ITaskDispatcher>());
        Assert.NotNull(provider.GetRequiredService<ISlaveSelector>());
        Assert.Single(provider.GetServices<IHostedService>().OfType<HealthMonitorService>());
        provider.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void AddD8Master_Parameterless_BindsEveryKindOfSettingOfTheD8MasterSection()
    {
        using var provider = Services(new()
        {
            ["D8:Master:Token"] = "from-config",
            ["D8:Master:DataDirectory"] = "/data/d8",
            ["D8:Master:HealthCheckInterval"] = "00:01:00",
            ["D8:Master:HealthCheckTimeout"] = "00:00:05",
            ["D8:Master:VersionPolicy"] = "warn_only",
            ["D8:Master:MaxFailoverAttempts"] = "4",
            ["D8:Master:LatencySmoothing"] = "0.5",
            ["D8:Master:Resilience:MaxRetryAttempts"] = "1",
            ["D8:Master:Resilience:CircuitBreakerBreakDuration"] = "00:02:00",
            ["D8:Master:Slaves:desk:Host"] = "192.168.1.100",
            ["D8:Master:Slaves:desk:Port"] = "7601",
            ["D8:Master:Slaves:desk:Capabilities:0"] = "gpu",
        }, services => services.AddD8Master());

        var options = provider.GetRequiredService<IOptions<D8MasterOptions>>().Value;

        Assert.Equal(("from-config", "/data/d8"), (options.Token, options.DataDirectory));
        Assert.Equal((TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(5)), (options.HealthCheckInterval, options.HealthCheckTimeout));
        Assert.Equal((D8VersionPolicy.WarnOnly, 4, 0.5), (options.VersionPolicy, options.MaxFailoverAttempts, options.LatencySmoothing));
        Assert.Equal((1, TimeSpan.FromMinutes(2)), (options.Resilience.MaxRetryAttempts, options.Resilience.CircuitBreakerBreakDuration));
        Assert.Equal(("192.168.1.100", 7601), (options.Slaves["desk"].Host, options.Slaves["desk"].Port));
        Assert.Equal(["gpu"], options.Slaves["desk"].Capabilities);
    }

    [Fact]
    public void AddD8Master_Action_AppliesAfterTheD8MasterSection()
    {
        using var provider = Services(
            new() { ["D8:Master:Token"] = "from-config", ["D8:Master:HealthCheckInterval"] = "00:00:45" },
            services => services.AddD8Master(options => options.Token = "from-code"));

        var options = provider.GetRequiredService<IOptions<D8MasterOptions>>().Value;

        Assert.Equal("from-code", options.Token);
        Assert.Equal(TimeSpan.FromSeconds(45), options.HealthCheckInterval);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AddD8Master_Section_BindsOnlyThatSectionEvenWithTheParameterlessOverload(bool sectionFirst)
    {
        var settings = new Dictionary<string, string?>
        {
            ["D8:Master:Token"] = "from-d8-master",
            ["D8:Master:HealthCheckInterval"] = "00:00:45",
            ["Other:Master:Token"] = "from-other",
        };

        using var provider = Services(settings, services =>
        {
            var section = new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection("Other:Master");
            if (sectionFirst)
            {
                services.AddD8Master(section).Services.AddD8Master();
            }
            else
            {
                services.AddD8Master().Services.AddD8Master(section);
            }
        });

        var options = provider.GetRequiredService<IOptions<D8MasterOptions>>().Value;

        Assert.Equal("from-other", options.Token);
        Assert.Equal(TimeSpan.FromSeconds(30), options.HealthCheckInterval);
    }

    [Fact]
    public void AddD8Master_CalledTwice_RegistersEverythingOnceAndDoesNotDoubleLists()
    {
        var settings = new Dictionary<string, string?>
        {
            ["D8:Master:Token"] = "t",
            ["D8:Master:Slaves:desk:Host"] = "h",
            ["D8:Master:Slaves:desk:Capabilities:0"] = "gpu",
            ["D8:Master:Slaves:desk:Capabilities:1"] = "docker",
        };
        var services = new ServiceCollection().AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddD8Master(options => options.DataDirectory = "/tmp/x");
        services.AddD8Master();
        services.AddD8Master(options => options.MaxFailoverAttempts = 7);

        Assert.Single(services, d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(HealthMonitorService));
        Assert.Single(services, d => d.ServiceType == typeof(ISlaveRegistry));
        Assert.Single(services, d => d.ServiceType == typeof(ITaskDispatcher));
        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<D8MasterOptions>) && d.ImplementationType == typeof(D8MasterOptionsRulesValidator));
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<D8MasterOptions>>().Value;
        Assert.Equal(("t", "/tmp/x", 7), (options.Token, options.DataDirectory, options.MaxFailoverAttempts));
        Assert.Equal(["gpu", "docker"], options.Slaves["desk"].Capabilities);
    }

    [Fact]
    public void AddD8Master_SameSectionGivenTwice_DoesNotDoubleLists()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["D8:Master:Token"] = "t",
            ["D8:Master:Slaves:desk:Host"] = "h",
            ["D8:Master:Slaves:desk:Capabilities:0"] = "gpu",
        }).Build();
        using var provider = new ServiceCollection()
            .AddD8Master(configuration.GetSection("D8:Master"))
            .Services
            .AddD8Master(configuration.GetSection("D8:Master"))
            .Services
            .BuildServiceProvider();

        Assert.Equal(["gpu"], provider.GetRequiredService<IOptions<D8MasterOptions>>().Value.Slaves["desk"].Capabilities);
    }

    [Fact]
    public void AddD8Master_LegacyVariablesThroughTheHostConfiguration_FillTokenAndDataDirectory()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddD8LegacyEnvironmentVariables(new Dictionary<string, string?> { ["SLAVE_AUTH_TOKEN"] = "alias-token", ["D8_DATA_DIR"] = "/srv/d8" });
        builder.Services.AddD8Master();
        using var host = builder.Build();

        var options = host.Services.GetRequiredService<IOptions<D8MasterOptions>>().Value;

        Assert.Equal(("alias-token", "/srv/d8"), (options.Token, options.DataDirectory));
    }

    [Fact]
    public void AddD8Master_NothingConfigured_DataDirectoryIsDocumentsD8Data()
    {
        using var provider = Services(new() { ["D8:Master:Token"] = "t" }, services => services.AddD8Master());

        var options = provider.GetRequiredService<IOptions<D8MasterOptions>>().Value;

        // The package reads no environment variable: D8_DATA_DIR on this machine changes nothing here.
        Assert.Equal(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), "Documents", "d8_data"), options.DataDirectory);
    }

    [Fact]
    public void Defaults_MatchTheSpec()
    {
        var options = new D8MasterOptions();

        Assert.Equal(TimeSpan.FromSeconds(30), options.HealthCheckInterval);
        Assert.Equal(D8VersionPolicy.ExactMatch, options.VersionPolicy);
        Assert.Equal(2, options.Resilience.MaxRetryAttempts);
        Assert.Equal(TimeSpan.FromSeconds(1), options.Resilience.RetryBaseDelay);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Resilience.AttemptTimeout);
        Assert.Equal(5, options.Resilience.CircuitBreakerFailureThreshold);
        Assert.Equal(TimeSpan.FromSeconds(60), options.Resilience.CircuitBreakerBreakDuration);
    }

    [Theory]
    [InlineData("missing-token", "D8:Master:Token")]
    [InlineData("timeout-above-interval", "must not exceed D8:Master:HealthCheckInterval")]
    [InlineData("bad-retries", "MaxRetryAttempts")]
    [InlineData("bad-slave", "D8:Master:Slaves:desk:Host is required")]
    [InlineData("bad-interval", "HealthCheckInterval")]
    [InlineData("bad-fingerprint", "D8:Master:Slaves:vps:TlsFingerprint is not a SHA-256 fingerprint")]
    [InlineData("fingerprint-without-https", "D8:Master:Slaves:vps:TlsFingerprint needs D8:Master:Slaves:vps:Https true")]
    public async Task StartAsync_InvalidOptions_FailsAtStartNamingTheSetting(string scenario, string expected)
    {
        using var host = NewHost([], services => services.AddD8Master(options =>
        {
            options.Token = "t";
            options.DataDirectory = _data.Path;
            switch (scenario)
            {
                case "missing-token":
                    options.Token = null;
                    break;
                case "timeout-above-interval":
                    options.HealthCheckTimeout = TimeSpan.FromSeconds(40);
                    break;
                case "bad-retries":
                    options.Resilience.MaxRetryAttempts = -1;
                    break;
                case "bad-slave":
                    options.Slaves["desk"] = new D8SlaveEndpointOptions { Host = "" };
                    break;
                case "bad-interval":
                    options.HealthCheckInterval = TimeSpan.Zero;
                    break;
                case "bad-fingerprint":
                    options.Slaves["vps"] = new D8SlaveEndpointOptions { Host = "vps", Https = true, TlsFingerprint = "ab:cd" };
                    break;
                case "fingerprint-without-https":
                    options.Slaves["vps"] = new D8SlaveEndpointOptions { Host = "vps", TlsFingerprint = new string('a', 64) };
                    break;
            }
        }));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("D8:Master:Tokn", "t", "D8:Master:Tokn: no such setting (did you mean D8:Master:Token?)")]
    [InlineData("D8:Master:Slaves:pc:Port", "76OO", "D8:Master:Slaves:pc:Port: '76OO' is not a whole number")]
    [InlineData("D8:Master:Slaves:pc:Capabilities:x", "gpu", "D8:Master:Slaves:pc:Capabilities:x: 'x' is not a list index")]
    [InlineData("D8:Master:Resilience:MaxRetryAttempts", "two", "D8:Master:Resilience:MaxRetryAttempts: 'two' is not a whole number")]
    [InlineData("D8:Master:VersionPolicy", "exact", "D8:Master:VersionPolicy: 'exact' is not one of ExactMatch, WarnOnly")]
    [InlineData("D8:Master:LatencySmoothing", "0,3", "D8:Master:LatencySmoothing: '0,3' is not a number (the decimal separator is a dot: 0.3)")]
    public async Task StartAsync_UnknownKeyOrBadValue_FailsAtStartNamingTheKey(string key, string value, string expected)
    {
        using var host = NewHost(
            new() { ["D8:Master:Token"] = "t", ["D8:Master:DataDirectory"] = _data.Path, ["D8:Master:Slaves:pc:Host"] = "10.0.0.1", [key] = value },
            services => services.AddD8Master());

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.StartsWith(expected, Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    public void Dispose() => _data.Dispose();

    private static ServiceProvider Services(Dictionary<string, string?> settings, Action<IServiceCollection> add)
    {
        var services = new ServiceCollection().AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        add(services);
        return services.BuildServiceProvider();
    }

    private static IHost NewHost(Dictionary<string, string?> settings, Action<IServiceCollection> add)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        add(builder.Services);
        return builder.Build();
    }
}
