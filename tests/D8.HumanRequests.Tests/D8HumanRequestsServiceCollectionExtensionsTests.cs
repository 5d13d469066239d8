using D8.Distributed.Contracts;
using D8.HumanRequests.Internal;
using D8.HumanRequests.Tests.Support;
using D8.Shared.AtomicFiles;
using D8.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace D8.HumanRequests.Tests;

public sealed class D8HumanRequestsServiceCollectionExtensionsTests
{
    [Fact]
    public void AddD8HumanRequests_NullArguments_Throw()
    {
        var services = new ServiceCollection();

        Assert.Equal("services", Assert.Throws<ArgumentNullException>(() => D8HumanRequestsServiceCollectionExtensions.AddD8HumanRequests(null!)).ParamName);
        Assert.Equal("services", Assert.Throws<ArgumentNullException>(() => D8HumanRequestsServiceCollectionExtensions.AddD8HumanRequests(null!, _ => { })).ParamName);
        Assert.Equal("services", Assert.Throws<ArgumentNullException>(() => D8HumanRequestsServiceCollectionExtensions.AddD8HumanRequests(null!, new ConfigurationBuilder().Build())).ParamName);
        Assert.Equal("services", Assert.Throws<ArgumentNullException>(() => D8HumanRequestsServiceCollectionExtensions.AddD8HumanRequestNotifier<RecordingNotifier>(null!)).ParamName);
        Assert.Equal("configure", Assert.Throws<ArgumentNullException>(() => services.AddD8HumanRequests((Action<D8HumanRequestsOptions>)null!)).ParamName);
        Assert.Equal("configuration", Assert.Throws<ArgumentNullException>(() => services.AddD8HumanRequests((IConfiguration)null!)).ParamName);
    }

    [Fact]
    public async Task AddD8HumanRequests_Configured_ResolvesManagerStoreAndHostedService()
    {
        using var dir = new TempDirectory();
        var services = new ServiceCollection().AddD8HumanRequests(o => o.DataDirectory = dir.Path);
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var manager = provider.GetRequiredService<IHumanRequestManager>();
        var store = provider.GetRequiredService<IHumanRequestStore>();

        Assert.IsType<HumanRequestManager>(manager);
        Assert.Equal(Path.Combine(dir.Path, "human_requests", "requests.json"), store.Location);
        Assert.IsType<HumanRequestsBackgroundService>(Assert.Single(provider.GetServices<IHostedService>()));
        Assert.Equal("req-0001", (await manager.CreateAsync(Requests.Domain())).Id);
    }

    [Fact]
    public void AddD8HumanRequests_ConfigurationSection_BindsEveryOption()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["D8:HumanRequests:DataDirectory"] = "/srv/d8",
            ["D8:HumanRequests:AutoApprovalRules:0:Name"] = "small-payments",
            ["D8:HumanRequests:AutoApprovalRules:0:Type"] = "Payment",
            ["D8:HumanRequests:AutoApprovalRules:0:MaxCost"] = "20.00",
            ["D8:HumanRequests:AutoApprovalRules:1:Name"] = "bots-low-priority",
            ["D8:HumanRequests:AutoApprovalRules:1:MaxPriority"] = "3",
            ["D8:HumanRequests:AutoApprovalRules:1:CreatedBy"] = "ContentBot",
            ["D8:HumanRequests:NotificationRetryInitialDelay"] = "00:00:05",
            ["D8:HumanRequests:NotificationRetryMaxDelay"] = "00:10:00",
            ["D8:HumanRequests:PollInterval"] = "00:00:15",
            ["D8:HumanRequests:LockTimeout"] = "00:00:02",
            ["D8:HumanRequests:ExpiryReminderLeadTime"] = "00:10:00",
            ["D8:HumanRequests:Budgets:Monthly"] = "200.00",
            ["D8:HumanRequests:Budgets:ByType:payment"] = "50.00",
            ["D8:HumanRequests:Budgets:ByType:ApiAccount"] = "30",
        }).Build();
        using var provider = new ServiceCollection()
            .AddD8HumanRequests(configuration.GetSection(D8HumanRequestsOptions.SectionName))
            .BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<D8HumanRequestsOptions>>().Value;

        Assert.Equal("/srv/d8", options.DataDirectory);
        Assert.Equal(2, options.AutoApprovalRules.Count);
        var small = options.AutoApprovalRules[0];
        Assert.Equal(("small-payments", HumanRequestType.Payment, 20.00m, (int?)null), (small.Name, small.Type, small.MaxCost, small.MaxPriority));
        var bots = options.AutoApprovalRules[1];
        Assert.Equal(("bots-low-priority", (HumanRequestType?)null, 3, "ContentBot"), (bots.Name, bots.Type, bots.MaxPriority, bots.CreatedBy));
        Assert.Equal(TimeSpan.FromSeconds(5), options.NotificationRetryInitialDelay);
        Assert.Equal(TimeSpan.FromMinutes(10), options.NotificationRetryMaxDelay);
        Assert.Equal(TimeSpan.FromSeconds(15), options.PollInterval);
        Assert.Equal(TimeSpan.FromSeconds(2), options.LockTimeout);
        Assert.Equal(TimeSpan.FromMinutes(10), options.ExpiryReminderLeadTime);
        Assert.Equal(200.00m, options.Budgets.Monthly);
        Assert.Equal(
            new Dictionary<HumanRequestType, decimal> { [HumanRequestType.Payment] = 50.00m, [HumanRequestType.ApiAccount] = 30m },
            options.Budgets.ByType);
    }

    public static TheoryData<string, Action<D8HumanRequestsOptions>> InvalidOptions => new()
    {
        { "DataDirectory", o => o.DataDirectory = "" },
        { "PollInterval", o => o.PollInterval = TimeSpan.Zero },
        { "NotificationRetryInitialDelay", o => o.NotificationRetryInitialDelay = TimeSpan.Zero },
        { "LockTimeout", o => o.LockTimeout = TimeSpan.FromHours(1) },
        { "ExpiryReminderLeadTime", o => o.ExpiryReminderLeadTime = TimeSpan.FromMinutes(-1) },
        { "NotificationRetryMaxDelay", o => (o.NotificationRetryInitialDelay, o.NotificationRetryMaxDelay) = (TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1)) },
        { "no criterion", o => o.AutoApprovalRules.Add(new HumanRequestAutoApprovalRule { Name = "everything" }) },
        { "Name is required", o => o.AutoApprovalRules.Add(new HumanRequestAutoApprovalRule { Type = HumanRequestType.Payment }) },
        { "must be unique", o => { o.AutoApprovalRules.Add(new HumanRequestAutoApprovalRule { Name = "a", MaxCost = 1 }); o.AutoApprovalRules.Add(new HumanRequestAutoApprovalRule { Name = "A", MaxCost = 2 }); } },
        { "MaxCost", o => o.AutoApprovalRules.Add(new HumanRequestAutoApprovalRule { Name = "neg", MaxCost = -1 }) },
        { "MaxPriority", o => o.AutoApprovalRules.Add(new HumanRequestAutoApprovalRule { Name = "hi", MaxPriority = 11 }) },
        { "Budgets:Monthly must be 0 or more", o => o.Budgets.Monthly = -1 },
        { "Budgets:ByType:payment must be 0 or more", o => o.Budgets.ByType[HumanRequestType.Payment] = -5 },
        { "Budgets:ByType:payment (60) is more than the overall", o => { o.Budgets.Monthly = 50; o.Budgets.ByType[HumanRequestType.Payment] = 60; } },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public async Task AddD8HumanRequests_InvalidOptions_FailAtStartNamingTheSetting(string expected, Action<D8HumanRequestsOptions> configure)
    {
        using var dir = new TempDirectory();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => TestHost.StartAsync(dir.Path, configure: configure));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddD8HumanRequests_NoArguments_BindsTheD8HumanRequestsSectionOfTheAppConfiguration()
    {
        using var dir = new TempDirectory();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["D8:HumanRequests:DataDirectory"] = dir.Path,
            ["D8:HumanRequests:AutoApprovalRules:0:Name"] = "small-payments",
            ["D8:HumanRequests:AutoApprovalRules:0:Type"] = "Payment",
            ["D8:HumanRequests:AutoApprovalRules:0:MaxCost"] = "20.00",
        }).Build();
        await using var provider = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddD8HumanRequests()
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        var options = provider.GetRequiredService<IOptions<D8HumanRequestsOptions>>().Value;
        var created = await provider.GetRequiredService<IHumanRequestManager>().CreateAsync(Requests.Domain());

        Assert.Equal(dir.Path, options.DataDirectory);
        Assert.Equal("small-payments", Assert.Single(options.AutoApprovalRules).Name);
        Assert.True(File.Exists(Path.Combine(dir.Path, "human_requests", "requests.json")), "the store must live in the configured directory");
        Assert.Equal(HumanRequestStatus.Approved, created.Status);
    }

    [Fact]
    public async Task AddD8HumanRequests_CalledTwice_IsHarmless()
    {
        using var dir = new TempDirectory();
        var services = new ServiceCollection()
            .AddD8HumanRequests(o => o.DataDirectory = dir.Path)
            .AddD8HumanRequests()
            .AddD8HumanRequestNotifier<SecondNotifier>()
            .AddD8HumanRequestNotifier<SecondNotifier>();
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        Assert.Single(provider.GetServices<IHostedService>());
        Assert.Single(provider.GetServices<IHumanRequestNotifier>());
        Assert.Equal(2, provider.GetServices<IValidateOptions<D8HumanRequestsOptions>>().Count());
        Assert.Same(provider.GetRequiredService<IHumanRequestManager>(), provider.GetRequiredService<IHumanRequestManager>());
        Assert.Equal(1, services.Count(d => d.ServiceType == typeof(IHumanRequestStore)));
        provider.GetRequiredService<IStartupValidator>().Validate();
        Assert.Equal(dir.Path, provider.GetRequiredService<IOptions<D8HumanRequestsOptions>>().Value.DataDirectory);
    }

    [Fact]
    public void DataDirectory_Default_IsDocumentsD8DataWhateverTheEnvironment()
    {
        // The package reads no environment variable: D8_DATA_DIR reaches it only through a host's configuration.
        var expected = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), "Documents", "d8_data");

        Assert.Equal(expected, new D8HumanRequestsOptions().DataDirectory);
        Assert.Equal(expected, D8HumanRequestsOptions.GetDefaultDataDirectory());
    }

    [Fact]
    public void AddD8HumanRequests_LegacyDataDirThroughTheHostConfiguration_IsTheDataDirectory()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddD8LegacyEnvironmentVariables(new Dictionary<string, string?> { ["D8_DATA_DIR"] = "/srv/d8" });
        builder.Services.AddD8HumanRequests();
        using var host = builder.Build();

        Assert.Equal("/srv/d8", host.Services.GetRequiredService<IOptions<D8HumanRequestsOptions>>().Value.DataDirectory);
    }

    [Fact]
    public void AddD8HumanRequests_Action_AppliesAfterTheD8HumanRequestsSection()
    {
        using var provider = Services(
            new() { ["D8:HumanRequests:DataDirectory"] = "/from/config", ["D8:HumanRequests:PollInterval"] = "00:00:07" },
            services => services.AddD8HumanRequests(o => o.DataDirectory = "/from/code"));

        var options = provider.GetRequiredService<IOptions<D8HumanRequestsOptions>>().Value;

        Assert.Equal(("/from/code", TimeSpan.FromSeconds(7)), (options.DataDirectory, options.PollInterval));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AddD8HumanRequests_Section_BindsOnlyThatSectionEvenWithTheParameterlessOverload(bool sectionFirst)
    {
        var settings = new Dictionary<string, string?>
        {
            ["D8:HumanRequests:DataDirectory"] = "/from/d8",
            ["D8:HumanRequests:PollInterval"] = "00:00:07",
            ["Other:DataDirectory"] = "/from/other",
        };

        using var provider = Services(settings, services =>
        {
            var section = new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection("Other");
            _ = sectionFirst ? services.AddD8HumanRequests(section).AddD8HumanRequests() : services.AddD8HumanRequests().AddD8HumanRequests(section);
        });

        var options = provider.GetRequiredService<IOptions<D8HumanRequestsOptions>>().Value;

        Assert.Equal(("/from/other", TimeSpan.FromSeconds(30)), (options.DataDirectory, options.PollInterval));
    }

    [Fact]
    public void AddD8HumanRequests_CalledTwiceWithTheSameRules_DoesNotDoubleThem()
    {
        var settings = new Dictionary<string, string?>
        {
            ["D8:HumanRequests:AutoApprovalRules:0:Name"] = "small-payments",
            ["D8:HumanRequests:AutoApprovalRules:0:Type"] = "payment",
            ["D8:HumanRequests:AutoApprovalRules:0:MaxCost"] = "20",
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        using var twiceDefault = Services(settings, services => services.AddD8HumanRequests().AddD8HumanRequests());
        using var twiceSection = new ServiceCollection()
            .AddD8HumanRequests(configuration.GetSection(D8HumanRequestsOptions.SectionName))
            .AddD8HumanRequests(configuration.GetSection(D8HumanRequestsOptions.SectionName))
            .BuildServiceProvider();

        Assert.Single(twiceDefault.GetRequiredService<IOptions<D8HumanRequestsOptions>>().Value.AutoApprovalRules);
        Assert.Single(twiceSection.GetRequiredService<IOptions<D8HumanRequestsOptions>>().Value.AutoApprovalRules);
    }

    [Theory]
    [InlineData("payment", HumanRequestType.Payment)]
    [InlineData("design_decision", HumanRequestType.DesignDecision)]
    [InlineData("DesignDecision", HumanRequestType.DesignDecision)]
    [InlineData("content_approval", HumanRequestType.ContentApproval)]
    [InlineData("STRATEGIC_DECISION", HumanRequestType.StrategicDecision)]
    public async Task AddD8HumanRequests_RuleTypeSnakeOrPascalCase_IsBoundAndTheRuleApproves(string type, HumanRequestType expected)
    {
        using var dir = new TempDirectory();
        await using var provider = Services(new()
        {
            ["D8:HumanRequests:DataDirectory"] = dir.Path,
            ["D8:HumanRequests:AutoApprovalRules:0:Name"] = "by-type",
            ["D8:HumanRequests:AutoApprovalRules:0:Type"] = type,
        }, services => services.AddD8HumanRequests());

        var created = await provider.GetRequiredService<IHumanRequestManager>().CreateAsync(Requests.Domain() with { Type = expected });

        Assert.Equal(expected, Assert.Single(provider.GetRequiredService<IOptions<D8HumanRequestsOptions>>().Value.AutoApprovalRules).Type);
        Assert.Equal(HumanRequestStatus.Approved, created.Status);
    }

    [Theory]
    [InlineData("D8:HumanRequests:AutoApprovalRules:0:MaxCost", "20,00", "D8:HumanRequests:AutoApprovalRules:0:MaxCost: '20,00' is not a number (the decimal separator is a dot: 20.00)")]
    [InlineData("D8:HumanRequests:AutoApprovalRules:0:MaxCost", "abc", "D8:HumanRequests:AutoApprovalRules:0:MaxCost: 'abc' is not a number")]
    [InlineData("D8:HumanRequests:AutoApprovalRules:0:Type", "design", "D8:HumanRequests:AutoApprovalRules:0:Type: 'design' is not one of payment, design_decision, api_account, content_approval, strategic_decision, other")]
    [InlineData("D8:HumanRequests:AutoApprovalRules:0:MaxPrio", "3", "D8:HumanRequests:AutoApprovalRules:0:MaxPrio: no such setting (did you mean D8:HumanRequests:AutoApprovalRules:0:MaxPriority?)")]
    [InlineData("D8:HumanRequests:PollIntervall", "00:00:01", "D8:HumanRequests:PollIntervall: no such setting (did you mean D8:HumanRequests:PollInterval?)")]
    [InlineData("D8:HumanRequests:LockTimeout", "10", "D8:HumanRequests:LockTimeout: '10' is not a duration")]
    [InlineData("D8:HumanRequests:Budgets:ByType:payments", "50", "D8:HumanRequests:Budgets:ByType:payments: the key 'payments' is not one of payment, design_decision")]
    [InlineData("D8:HumanRequests:Budgets:Montly", "50", "D8:HumanRequests:Budgets:Montly: no such setting (did you mean D8:HumanRequests:Budgets:Monthly?)")]
    public async Task Start_BadRuleOrUnknownKey_FailsNamingTheKeyInsteadOfDroppingTheRule(string key, string value, string expected)
    {
        using var dir = new TempDirectory();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["D8:HumanRequests:DataDirectory"] = dir.Path,
            ["D8:HumanRequests:AutoApprovalRules:0:Name"] = "small-payments",
            ["D8:HumanRequests:AutoApprovalRules:0:Type"] = "payment",
            [key] = value,
        });
        builder.Services.AddD8HumanRequests();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.StartsWith(expected, Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddD8HumanRequests_CustomStoreRegisteredFirst_IsKept()
    {
        using var dir = new TempDirectory();
        var custom = new JsonFileHumanRequestStore(
            new D8HumanRequestsOptions { DataDirectory = dir.Combine("elsewhere") },
            TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<JsonFileHumanRequestStore>.Instance,
            PhysicalFileSystem.Instance);
        await using var provider = new ServiceCollection()
            .AddSingleton<IHumanRequestStore>(custom)
            .AddD8HumanRequests(o => o.DataDirectory = dir.Path)
            .BuildServiceProvider();

        await provider.GetRequiredService<IHumanRequestManager>().CreateAsync(Requests.Domain());

        Assert.Same(custom, provider.GetRequiredService<IHumanRequestStore>());
        Assert.True(File.Exists(dir.Combine("elsewhere", "human_requests", "requests.json")));
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings, Action<IServiceCollection> add)
    {
        var services = new ServiceCollection().AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        add(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    [Fact]
    public async Task AddD8OwnerAlertNotifier_NullOrTwice_ThrowsOrRegistersOnceAndAlertsResolve()
    {
        Assert.Equal("services", Assert.Throws<ArgumentNullException>(() => D8HumanRequestsServiceCollectionExtensions.AddD8OwnerAlertNotifier<SecondAlertNotifier>(null!)).ParamName);
        using var dir = new TempDirectory();
        var services = new ServiceCollection()
            .AddD8HumanRequests(o => o.DataDirectory = dir.Path)
            .AddD8OwnerAlertNotifier<SecondAlertNotifier>()
            .AddD8OwnerAlertNotifier<SecondAlertNotifier>()
            .AddD8HumanRequests();
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        Assert.IsType<SecondAlertNotifier>(Assert.Single(provider.GetServices<IOwnerAlertNotifier>()));
        Assert.Same(provider.GetRequiredService<IOwnerAlerts>(), provider.GetRequiredService<IOwnerAlerts>());
        Assert.Equal(1, services.Count(d => d.ServiceType == typeof(IOwnerAlerts)));
        Assert.Single(provider.GetServices<IHostedService>());
    }
}
