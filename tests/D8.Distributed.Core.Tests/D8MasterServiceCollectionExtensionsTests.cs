using D8.Distributed.Core;
using D8.Distributed.Core.Internal;
using D8.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Core.Tests;

public sealed class D8MasterServiceCollectionExtensionsTests
{
    [Fact]
    public void AddD8Master_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => D8MasterServiceCollectionExtensions.AddD8Master(null!));
        Assert.Throws<ArgumentNullException>(() => D8MasterServiceCollectionExtensions.AddD8Master(null!, _ => { }));
        Assert.Throws<ArgumentNullException>(() => new ServiceCollection().AddD8Master((Action<D8MasterOptions>)null!));
        Assert.Throws<ArgumentNullException>(() => D8MasterServiceCollectionExtensions.AddD8Master(null!, new ConfigurationBuilder().Build()));
        Assert.Throws<ArgumentNullException>(() => new ServiceCollection().AddD8Master((IConfiguration)null!));
    }

    [Fact]
    public void AddD8Master_Configured_ResolvesThePublicServices()
    {
        using var data = new TempDirectory();
        using var provider = new ServiceCollection()
            .AddD8Master(options => { options.Token = "t"; options.DataDirectory = data.Path; })
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        Assert.NotNull(provider.GetRequiredService<ISlaveRegistry>());
        Assert.NotNull(provider.GetRequiredService<ISlaveHealthMonitor>());
        Assert.NotNull(provider.GetRequiredService<ITaskDispatcher>());
        Assert.NotNull(provider.GetRequiredService<ISlaveSelector>());
        Assert.Single(provider.GetServices<IHostedService>().OfType<HealthMonitorService>());
    }

    [Fact]
    public void AddD8Master_CalledTwice_RegistersOneMonitorAndOneOfEachService()
    {
        var services = new ServiceCollection();
        services.AddD8Master(options => options.Token = "t");
        services.AddD8Master(options => options.DataDirectory = "/tmp/x");
        services.AddD8Master();

        Assert.Single(services, d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(HealthMonitorService));
        Assert.Single(services, d => d.ServiceType == typeof(ISlaveRegistry));
        Assert.Single(services, d => d.ServiceType == typeof(ITaskDispatcher));
        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<D8MasterOptions>) && d.ImplementationType == typeof(D8MasterOptionsRulesValidator));
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<D8MasterOptions>>().Value;
        Assert.Equal("t", options.Token);
        Assert.Equal("/tmp/x", options.DataDirectory);
    }

    [Fact]
    public void AddD8Master_ConfigurationSection_Binds()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["D8:Master:Token"] = "from-config",
            ["D8:Master:DataDirectory"] = "/data/d8",
            ["D8:Master:HealthCheckInterval"] = "00:01:00",
            ["D8:Master:HealthCheckTimeout"] = "00:00:05",
            ["D8:Master:VersionPolicy"] = "WarnOnly",
            ["D8:Master:MaxFailoverAttempts"] = "4",
            ["D8:Master:Resilience:MaxRetryAttempts"] = "1",
            ["D8:Master:Resilience:CircuitBreakerBreakDuration"] = "00:02:00",
            ["D8:Master:Slaves:desk:Host"] = "192.168.1.100",
            ["D8:Master:Slaves:desk:Port"] = "7601",
            ["D8:Master:Slaves:desk:Capabilities:0"] = "gpu",
        }).Build();
        using var provider = new ServiceCollection().AddD8Master(configuration.GetSection("D8:Master")).BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<D8MasterOptions>>().Value;

        Assert.Equal("from-config", options.Token);
        Assert.Equal("/data/d8", options.DataDirectory);
        Assert.Equal(TimeSpan.FromMinutes(1), options.HealthCheckInterval);
        Assert.Equal(TimeSpan.FromSeconds(5), options.HealthCheckTimeout);
        Assert.Equal(D8VersionPolicy.WarnOnly, options.VersionPolicy);
        Assert.Equal(4, options.MaxFailoverAttempts);
        Assert.Equal(1, options.Resilience.MaxRetryAttempts);
        Assert.Equal(TimeSpan.FromMinutes(2), options.Resilience.CircuitBreakerBreakDuration);
        Assert.Equal("192.168.1.100", options.Slaves["desk"].Host);
        Assert.Equal(7601, options.Slaves["desk"].Port);
        Assert.Equal(["gpu"], options.Slaves["desk"].Capabilities);
    }

    [Fact]
    public void AddD8Master_Parameterless_BindsTheD8MasterSectionOfTheHostConfiguration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["D8:Master:Token"] = "from-host",
            ["D8:Master:HealthCheckInterval"] = "00:00:45",
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        using var provider = services.AddD8Master().BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<D8MasterOptions>>().Value;

        Assert.Equal("from-host", options.Token);
        Assert.Equal(TimeSpan.FromSeconds(45), options.HealthCheckInterval);
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

    [Fact]
    public void Defaults_FromEnvironmentVariables_TokenAliasAndDataDirectory()
    {
        var environment = new Dictionary<string, string?> { ["SLAVE_AUTH_TOKEN"] = "alias-token", ["D8_DATA_DIR"] = "/srv/d8" };
        var defaults = new D8MasterOptionsDefaults(name => environment.GetValueOrDefault(name));
        var options = new D8MasterOptions();

        defaults.PostConfigure(Options.DefaultName, options);

        Assert.Equal("alias-token", options.Token);
        Assert.Equal("/srv/d8", options.DataDirectory);
    }

    [Fact]
    public void Defaults_NoEnvironment_DataDirectoryIsDocumentsD8Data_AndConfigurationWins()
    {
        var environment = new Dictionary<string, string?> { ["SLAVE_TOKEN"] = "env-token" };
        var defaults = new D8MasterOptionsDefaults(name => environment.GetValueOrDefault(name));
        var unset = new D8MasterOptions();
        var set = new D8MasterOptions { Token = "configured" };

        defaults.PostConfigure(Options.DefaultName, unset);
        defaults.PostConfigure(Options.DefaultName, set);

        Assert.Equal("env-token", unset.Token);
        Assert.Equal(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), "Documents", "d8_data"), unset.DataDirectory);
        Assert.Equal("configured", set.Token);
    }

    [Theory]
    [InlineData("missing-token", "SLAVE_TOKEN")]
    [InlineData("timeout-above-interval", "must not exceed D8:Master:HealthCheckInterval")]
    [InlineData("bad-retries", "MaxRetryAttempts")]
    [InlineData("bad-slave", "D8:Master:Slaves:desk:Host is required")]
    [InlineData("bad-interval", "HealthCheckInterval")]
    public async Task StartAsync_InvalidOptions_FailsAtStartNamingTheSetting(string scenario, string expected)
    {
        using var data = new TempDirectory();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddD8Master(options =>
        {
            options.Token = "t";
            options.DataDirectory = data.Path;
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
            }
        });

        // The missing-token case must not pick up a SLAVE_TOKEN that happens to be set on this machine.
        builder.Services.AddSingleton<IPostConfigureOptions<D8MasterOptions>>(new ForceNullToken(scenario == "missing-token"));
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private sealed class ForceNullToken(bool active) : IPostConfigureOptions<D8MasterOptions>
    {
        public void PostConfigure(string? name, D8MasterOptions options)
        {
            if (active)
            {
                options.Token = null;
            }
        }
    }
}
