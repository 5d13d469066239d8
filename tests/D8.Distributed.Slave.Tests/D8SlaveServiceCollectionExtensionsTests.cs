using D8.Distributed.Contracts;
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
            ["Slave:DockerNetwork"] = "bridge",
            ["Slave:DockerMemory"] = "512m",
            ["Slave:DockerCpus"] = "1.5",
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
        Assert.Equal(("bridge", "512m", 1.5), (options.DockerNetwork, options.DockerMemory, options.DockerCpus));
        Assert.Equal(["gpu"], options.Capabilities);
        Assert.Equal(TimeSpan.FromMinutes(2), options.CapabilityRefreshInterval);
        Assert.Equal(TimeSpan.FromSeconds(5), options.ShutdownGracePeriod);
    }

    [Fact]
    public void AddD8Slave_Parameterless_BindsTheD8SlaveSectionOfTheAppConfiguration()
    {
        var services = NewServices(new Dictionary<string, string?>
        {
            ["D8:Slave:AuthToken"] = "from-config",
            ["D8:Slave:MaxQueuedTasks"] = "2",
            ["D8:Slave:AllowShell"] = "false",
            ["D8:Slave:ProbeTimeout"] = "00:00:03",
            ["D8:Slave:Capabilities:0"] = "gpu",
        });
        using var provider = services.AddD8Slave().BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<D8SlaveOptions>>().Value;

        Assert.Equal(("from-config", 2, false, TimeSpan.FromSeconds(3)), (options.AuthToken, options.MaxQueuedTasks, options.AllowShell, options.ProbeTimeout));
        Assert.Equal(["gpu"], options.Capabilities);
    }

    [Fact]
    public void AddD8Slave_LegacyVariablesThroughTheHostConfiguration_FillTokenHostAndPort()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddD8LegacyEnvironmentVariables(new Dictionary<string, string?> { ["SLAVE_AUTH_TOKEN"] = "alias", ["SLAVE_HOST"] = "127.0.0.1", ["SLAVE_PORT"] = "7601" });
        builder.Services.AddD8Slave();
        using var host = builder.Build();

        var options = host.Services.GetRequiredService<IOptions<D8SlaveOptions>>().Value;

        Assert.Equal(("alias", "127.0.0.1", 7601), (options.AuthToken, options.Host, options.Port));
    }

    [Fact]
    public void AddD8Slave_SlaveTokenKeyInTheAppConfiguration_IsNotReadByThePackage()
    {
        // Only AddD8LegacyEnvironmentVariables maps SLAVE_TOKEN; a raw key of that name is not a D8 setting.
        using var provider = NewServices(new Dictionary<string, string?> { ["SLAVE_TOKEN"] = "legacy" }).AddD8Slave().BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<D8SlaveOptions>>().Value);

        Assert.Contains("D8:Slave:AuthToken", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddD8Slave_Action_AppliesAfterTheD8SlaveSection()
    {
        var services = NewServices(new Dictionary<string, string?> { ["D8:Slave:AuthToken"] = "from-config", ["D8:Slave:MaxQueuedTasks"] = "2" });
        using var provider = services.AddD8Slave(o => o.AuthToken = "from-code").BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<D8SlaveOptions>>().Value;

        Assert.Equal(("from-code", 2), (options.AuthToken, options.MaxQueuedTasks));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AddD8Slave_Section_BindsOnlyThatSectionEvenWithTheParameterlessOverload(bool sectionFirst)
    {
        var settings = new Dictionary<string, string?>
        {
            ["D8:Slave:AuthToken"] = "from-d8-slave",
            ["D8:Slave:MaxQueuedTasks"] = "2",
            ["Worker:AuthToken"] = "from-worker",
        };
        var services = NewServices(settings);
        var section = new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection("Worker");
        _ = sectionFirst ? services.AddD8Slave(section).AddD8Slave() : services.AddD8Slave().AddD8Slave(section);
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<D8SlaveOptions>>().Value;

        Assert.Equal(("from-worker", 16), (options.AuthToken, options.MaxQueuedTasks));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AddD8Slave_SectionAndAction_TheActionWinsWhicheverCameFirst(bool sectionFirst)
    {
        var section = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Worker:AuthToken"] = "from-section",
            ["Worker:MaxQueuedTasks"] = "2",
            ["Worker:Capabilities:0"] = "gpu",
        }).Build().GetSection("Worker");
        var services = NewServices();
        Action<D8SlaveOptions> action = o =>
        {
            o.AuthToken = "from-code";
            o.Capabilities.Add("arm64");
        };
        _ = sectionFirst ? services.AddD8Slave(section).AddD8Slave(action) : services.AddD8Slave(action).AddD8Slave(section);
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<D8SlaveOptions>>().Value;

        // The section binds first (its token, then its list replacing the default), the action after it.
        Assert.Equal(("from-code", 2), (options.AuthToken, options.MaxQueuedTasks));
        Assert.Equal(["gpu", "arm64"], options.Capabilities);
    }

    [Fact]
    public void AddD8Slave_AfterTheApplicationsOwnConfigure_BindsBeforeIt()
    {
        var services = NewServices(new Dictionary<string, string?> { ["D8:Slave:AuthToken"] = "from-config", ["D8:Slave:MaxQueuedTasks"] = "2" });
        services.Configure<D8SlaveOptions>(o => o.AuthToken = "from-code");
        using var provider = services.AddD8Slave().BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<D8SlaveOptions>>().Value;

        Assert.Equal(("from-code", 2), (options.AuthToken, options.MaxQueuedTasks));
    }

    [Fact]
    public void AddD8Slave_SameSectionBoundSeveralTimes_BindsListsOnce()
    {
        var services = NewServices(new Dictionary<string, string?> { ["D8:Slave:AuthToken"] = "t", ["D8:Slave:Capabilities:0"] = "gpu", ["D8:Slave:Capabilities:1"] = "arm64" });
        var configuration = services.BuildServiceProvider().GetRequiredService<IConfiguration>();
        using var provider = services
            .AddD8Slave()
            .AddD8Slave(configuration.GetSection(D8SlaveOptions.SectionName))
            .AddD8Slave(configuration.GetSection(D8SlaveOptions.SectionName))
            .AddD8Slave()
            .BuildServiceProvider();

        Assert.Equal(["gpu", "arm64"], provider.GetRequiredService<IOptions<D8SlaveOptions>>().Value.Capabilities);
    }

    [Theory]
    [InlineData("D8:Slave:ProbeTimeout", "abc", "D8:Slave:ProbeTimeout: 'abc' is not a duration")]
    [InlineData("D8:Slave:Port", "76OO", "D8:Slave:Port: '76OO' is not a whole number")]
    [InlineData("D8:Slave:Prot", "1", "D8:Slave:Prot: no such setting (did you mean D8:Slave:Port?)")]
    [InlineData("D8:Slave:AllowShell", "no", "D8:Slave:AllowShell: 'no' is not true or false")]
    [InlineData("D8:Slave:Capabilities", "gpu,docker", "D8:Slave:Capabilities: 'gpu,docker' is a single value")]
    [InlineData("D8:Slave:Capabilities:first", "gpu", "D8:Slave:Capabilities:first: 'first' is not a list index")]
    [InlineData("D8:Slave:DefaultTimeoutSeconds", "12,5", "D8:Slave:DefaultTimeoutSeconds: '12,5' is not a number")]
    public async Task AddD8Slave_UnknownKeyOrBadValue_FailsAtStartNamingTheKey(string key, string value, string expected)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["D8:Slave:AuthToken"] = "t", [key] = value });
        builder.Services.AddD8Slave();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.StartsWith(expected, Assert.Single(error.Failures), StringComparison.Ordinal);
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
    [InlineData("DockerMemory")]
    [InlineData("DockerCpus")]
    [InlineData("DockerNetwork")]
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
                case "DockerMemory": o.DockerMemory = "lots"; break;
                case "DockerCpus": o.DockerCpus = 0; break;
                case "DockerNetwork": o.DockerNetwork = "--privileged"; break;
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
        Assert.Single(provider.GetServices<IConfigureOptions<D8SlaveOptions>>(), o => o.GetType().Name.StartsWith("D8OptionsBinding", StringComparison.Ordinal));
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
