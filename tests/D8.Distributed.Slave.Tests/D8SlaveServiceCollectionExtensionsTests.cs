using D8.Distributed.Slave.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Slave.Tests;

public sealed class D8SlaveServiceCollectionExtensionsTests
{
    [Fact]
    public void AddD8Slave_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>("services", () => D8SlaveServiceCollectionExtensions.AddD8Slave(null!));
        Assert.Throws<ArgumentNullException>("services", () => D8SlaveServiceCollectionExtensions.AddD8Slave(null!, _ => { }));
        Assert.Throws<ArgumentNullException>("services", () => D8SlaveServiceCollectionExtensions.AddD8Slave(null!, new ConfigurationBuilder().Build()));
        Assert.Throws<ArgumentNullException>("configure", () => new ServiceCollection().AddD8Slave((Action<D8SlaveOptions>)null!));
        Assert.Throws<ArgumentNullException>("configuration", () => new ServiceCollection().AddD8Slave((IConfiguration)null!));
    }

    [Fact]
    public void AddD8Slave_WithToken_ServicesResolve()
    {
        using var provider = NewServices().AddD8Slave(o => o.AuthToken = "t").BuildServiceProvider();

        Assert.NotNull(provider.GetRequiredService<SlaveApiHandlers>());
        Assert.NotNull(provider.GetRequiredService<SlaveExecutor>());
        Assert.Equal("t", provider.GetRequiredService<IOptions<D8SlaveOptions>>().Value.AuthToken);
        Assert.Contains(provider.GetServices<IHostedService>(), s => s is CapabilityMonitor);
        Assert.Contains(provider.GetServices<IHostedService>(), s => s is SlaveShutdownService);
    }

    [Fact]
    public void AddD8Slave_ConfigurationSection_Binds()
    {
        var section = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Slave:AuthToken"] = "from-section",
            ["Slave:MaxConcurrentTasks"] = "3",
            ["Slave:MaxQueuedTasks"] = "7",
            ["Slave:DefaultTimeoutSeconds"] = "12.5",
            ["Slave:DockerImage"] = "python:3.12-slim",
            ["Slave:Capabilities:0"] = "gpu",
            ["Slave:CapabilityRefreshInterval"] = "00:02:00",
            ["Slave:ShutdownGracePeriod"] = "00:00:05",
        }).Build().GetSection("Slave");

        using var provider = NewServices().AddD8Slave(section).BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<D8SlaveOptions>>().Value;

        Assert.Equal("from-section", options.AuthToken);
        Assert.Equal(3, options.MaxConcurrentTasks);
        Assert.Equal(7, options.MaxQueuedTasks);
        Assert.Equal(12.5, options.DefaultTimeoutSeconds);
        Assert.Equal("python:3.12-slim", options.DockerImage);
        Assert.Equal(["gpu"], options.Capabilities);
        Assert.Equal(TimeSpan.FromMinutes(2), options.CapabilityRefreshInterval);
        Assert.Equal(TimeSpan.FromSeconds(5), options.ShutdownGracePeriod);
    }

    [Fact]
    public void AddD8Slave_AppConfiguration_BindsD8SlaveSectionAndSlaveTokenFallback()
    {
        var services = NewServices(new Dictionary<string, string?> { ["D8:Slave:MaxQueuedTasks"] = "2", ["SLAVE_TOKEN"] = "legacy-token" });
        using var provider = services.AddD8Slave().BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<D8SlaveOptions>>().Value;

        Assert.Equal("legacy-token", options.AuthToken);
        Assert.Equal(2, options.MaxQueuedTasks);
    }

    [Fact]
    public void AddD8Slave_SectionD8SlaveGivenExplicitly_BindsListsOnce()
    {
        var services = NewServices(new Dictionary<string, string?> { ["D8:Slave:AuthToken"] = "t", ["D8:Slave:Capabilities:0"] = "gpu", ["D8:Slave:Capabilities:1"] = "arm64" });
        var configuration = services.BuildServiceProvider().GetRequiredService<IConfiguration>();
        using var provider = services.AddD8Slave(configuration.GetSection(D8SlaveOptions.SectionName)).BuildServiceProvider();

        Assert.Equal(["gpu", "arm64"], provider.GetRequiredService<IOptions<D8SlaveOptions>>().Value.Capabilities);
    }

    [Fact]
    public void AddD8Slave_SlaveAuthTokenAlias_UsedWhenNoOtherToken()
    {
        using var provider = NewServices(new Dictionary<string, string?> { ["SLAVE_AUTH_TOKEN"] = "alias" }).AddD8Slave().BuildServiceProvider();

        Assert.Equal("alias", provider.GetRequiredService<IOptions<D8SlaveOptions>>().Value.AuthToken);
    }

    [Fact]
    public void AddD8Slave_ExplicitToken_WinsOverSlaveToken()
    {
        var services = NewServices(new Dictionary<string, string?> { ["D8:Slave:AuthToken"] = "explicit", ["SLAVE_TOKEN"] = "legacy" });
        using var provider = services.AddD8Slave().BuildServiceProvider();

        Assert.Equal("explicit", provider.GetRequiredService<IOptions<D8SlaveOptions>>().Value.AuthToken);
    }

    [Fact]
    public async Task AddD8Slave_NoToken_FailsAtStartNamingTheSetting()
    {
        using var host = NewHost(o => { });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("SLAVE_TOKEN", error.Message, StringComparison.Ordinal);
        Assert.Contains("D8:Slave:AuthToken", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MaxConcurrentTasks")]
    [InlineData("MaxOutputBytes")]
    [InlineData("DefaultAboveMax")]
    [InlineData("WorkspaceRootMissing")]
    [InlineData("RefreshInterval")]
    public async Task AddD8Slave_InvalidOptions_FailAtStart(string problem)
    {
        using var host = NewHost(o =>
        {
            o.AuthToken = "t";
            switch (problem)
            {
                case "MaxConcurrentTasks": o.MaxConcurrentTasks = 0; break;
                case "MaxOutputBytes": o.MaxOutputBytes = -1; break;
                case "DefaultAboveMax": o.DefaultTimeoutSeconds = 100; o.MaxTimeoutSeconds = 10; break;
                case "WorkspaceRootMissing": o.WorkspaceRoot = "/definitely/not/here/" + Guid.NewGuid(); break;
                case "RefreshInterval": o.CapabilityRefreshInterval = TimeSpan.Zero; break;
            }
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        var named = problem switch
        {
            "DefaultAboveMax" => "DefaultTimeoutSeconds",
            "WorkspaceRootMissing" => "WorkspaceRoot",
            "RefreshInterval" => "CapabilityRefreshInterval",
            _ => problem,
        };
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddD8Slave_CalledTwice_IsHarmless()
    {
        var services = NewServices();
        services.AddD8Slave(o => o.AuthToken = "t").AddD8Slave().AddD8Slave(o => o.MaxQueuedTasks = 4);
        using var provider = services.BuildServiceProvider();

        Assert.Equal(2, provider.GetServices<IHostedService>().Count());
        Assert.Equal(2, provider.GetServices<IValidateOptions<D8SlaveOptions>>().Count());
        Assert.Single(provider.GetServices<IConfigureOptions<D8SlaveOptions>>().OfType<SlaveConfigurationSetup>());
        var options = provider.GetRequiredService<IOptions<D8SlaveOptions>>().Value;
        Assert.Equal("t", options.AuthToken);
        Assert.Equal(4, options.MaxQueuedTasks);
    }

    [Fact]
    public void AddD8Slave_GracePeriodLongerThanHostTimeout_RaisesHostShutdownTimeout()
    {
        using var provider = NewServices().AddD8Slave(o => { o.AuthToken = "t"; o.ShutdownGracePeriod = TimeSpan.FromMinutes(2); }).BuildServiceProvider();

        Assert.True(provider.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout >= TimeSpan.FromMinutes(2));
    }

    private static ServiceCollection NewServices(Dictionary<string, string?>? configuration = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(configuration ?? []).Build());
        return services;
    }

    private static IHost NewHost(Action<D8SlaveOptions> configure)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.ClearProviders();
        builder.Services.AddD8Slave(configure);
        return builder.Build();
    }
}
