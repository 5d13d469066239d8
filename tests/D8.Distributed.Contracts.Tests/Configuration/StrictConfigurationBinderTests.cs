using System.Text;
using D8.Shared.Configuration;
using Microsoft.Extensions.Configuration;

namespace D8.Distributed.Contracts.Tests.Configuration;

public sealed class StrictConfigurationBinderTests
{
    private const string Section = "D8:Test";

    [Fact]
    public void Bind_EveryScalarKind_ConvertsWithTheInvariantCulture()
    {
        var (options, failures) = Bind(new()
        {
            ["Name"] = "desk",
            ["Enabled"] = "True",
            ["Port"] = "7601",
            ["Small"] = "255",
            ["Big"] = "-9000000000",
            ["Ratio"] = "0.25",
            ["Cost"] = "20.00",
            ["MaybeCost"] = "1e2",
            ["MaybeCount"] = "",
            ["Interval"] = "1.02:03:04",
            ["Kind"] = "ApiAccount",
            ["MaybeKind"] = "design_decision",
            ["Address"] = "http://127.0.0.1:8081",
            ["Id"] = "6f9619ff-8b86-d011-b42d-00cf4fc964ff",
            ["When"] = "2025-11-20T10:00:00Z",
            ["Separator"] = ";",
        });

        Assert.Empty(failures);
        Assert.Equal(("desk", true, 7601, (byte)255, -9_000_000_000L), (options.Name, options.Enabled, options.Port, options.Small, options.Big));
        Assert.Equal((0.25, 20.00m, (decimal?)100m, (int?)null), (options.Ratio, options.Cost, options.MaybeCost, options.MaybeCount));
        Assert.Equal(new TimeSpan(1, 2, 3, 4), options.Interval);
        Assert.Equal((BinderTestKind.ApiAccount, (BinderTestKind?)BinderTestKind.DesignDecision), (options.Kind, options.MaybeKind));
        Assert.Equal(new Uri("http://127.0.0.1:8081"), options.Address);
        Assert.Equal(Guid.Parse("6f9619ff-8b86-d011-b42d-00cf4fc964ff"), options.Id);
        Assert.Equal(new DateTimeOffset(2025, 11, 20, 10, 0, 0, TimeSpan.Zero), options.When);
        Assert.Equal(';', options.Separator);
    }

    [Theory]
    [InlineData("00:00:30", 0, 0, 30)]
    [InlineData("23:59:59", 23, 59, 59)]
    [InlineData("00:30", 0, 30, 0)]
    [InlineData("1.06:00:00", 30, 0, 0)]
    [InlineData("1:06:00:00", 30, 0, 0)]
    [InlineData("-00:00:05", 0, 0, -5)]
    public void Bind_DurationsWithTheirUnits_AreAccepted(string value, int hours, int minutes, int seconds)
    {
        var (options, failures) = Bind(new() { ["Interval"] = value });

        Assert.Empty(failures);
        Assert.Equal(new TimeSpan(hours, minutes, seconds), options.Interval);
    }

    [Theory]
    [InlineData("Payment", BinderTestKind.Payment)]
    [InlineData("payment", BinderTestKind.Payment)]
    [InlineData("design_decision", BinderTestKind.DesignDecision)]
    [InlineData("DESIGN_DECISION", BinderTestKind.DesignDecision)]
    [InlineData("DesignDecision", BinderTestKind.DesignDecision)]
    [InlineData("design-decision", BinderTestKind.DesignDecision)]
    [InlineData(" api_account ", BinderTestKind.ApiAccount)]
    public void Bind_EnumNames_PascalOrSnakeCase_AreAccepted(string value, BinderTestKind expected)
    {
        var (options, failures) = Bind(new() { ["Kind"] = value });

        Assert.Empty(failures);
        Assert.Equal(expected, options.Kind);
    }

    [Theory]
    [InlineData("Cost", "20,00", "D8:Test:Cost: '20,00' is not a number (the decimal separator is a dot: 20.00)")]
    [InlineData("Cost", "abc", "D8:Test:Cost: 'abc' is not a number")]
    [InlineData("Cost", "1,234.50", "D8:Test:Cost: '1,234.50' is not a number")]
    [InlineData("Ratio", "NaN", "D8:Test:Ratio: 'NaN' is not a number")]
    [InlineData("Port", "76OO", "D8:Test:Port: '76OO' is not a whole number")]
    [InlineData("Port", "7600.5", "D8:Test:Port: '7600.5' is not a whole number")]
    [InlineData("Small", "256", "D8:Test:Small: '256' is out of range (0 to 255)")]
    [InlineData("Enabled", "yes", "D8:Test:Enabled: 'yes' is not true or false")]
    [InlineData("Interval", "abc", "D8:Test:Interval: 'abc' is not a duration (hh:mm:ss or d.hh:mm:ss: 00:00:30 is 30 seconds, 1.00:00:00 is a day)")]
    [InlineData("Interval", "30", "D8:Test:Interval: '30' is not a duration: a number alone is ambiguous; write hh:mm:ss (00:00:30 is 30 seconds) or d.hh:mm:ss (1.00:00:00 is a day)")]
    [InlineData("Interval", "1.5", "D8:Test:Interval: '1.5' is not a duration: a number alone is ambiguous; write hh:mm:ss (00:00:30 is 30 seconds) or d.hh:mm:ss (1.00:00:00 is a day)")]
    [InlineData("Interval", "30:00", "D8:Test:Interval: '30:00' is not a duration: hours above 23 need a day part; write 00:30:00 for minutes:seconds or 1.06:00:00 for hours:minutes")]
    [InlineData("Interval", "30:00:00", "D8:Test:Interval: '30:00:00' is not a duration: hours above 23 need a day part; write 1.06:00:00 for hours:minutes:seconds or 30.00:00:00 for days:hours:minutes")]
    [InlineData("Interval", "24:05:10", "D8:Test:Interval: '24:05:10' is not a duration: hours above 23 need a day part; write 1.00:05:10 for hours:minutes:seconds or 24.05:10:00 for days:hours:minutes")]
    [InlineData("Interval", "-30:00:00", "D8:Test:Interval: '-30:00:00' is not a duration: hours above 23 need a day part; write -1.06:00:00 for hours:minutes:seconds or -30.00:00:00 for days:hours:minutes")]
    [InlineData("Interval", "36:00:00.5", "D8:Test:Interval: '36:00:00.5' is not a duration: hours above 23 need a day part; write 1.12:00:00.5000000 for hours:minutes:seconds")]
    [InlineData("Kind", "design_decisoin", "D8:Test:Kind: 'design_decisoin' is not one of Payment, DesignDecision, ApiAccount")]
    [InlineData("Kind", "1", "D8:Test:Kind: '1' is not one of Payment, DesignDecision, ApiAccount")]
    [InlineData("MaybeKind", "other", "D8:Test:MaybeKind: 'other' is not one of Payment, DesignDecision, ApiAccount")]
    [InlineData("Address", "/relative", "D8:Test:Address: '/relative' is not an absolute URL (for example https://example.org)")]
    [InlineData("Id", "nope", "D8:Test:Id: 'nope' is not a GUID")]
    [InlineData("Separator", "ab", "D8:Test:Separator: 'ab' is not a single character")]
    [InlineData("Port", "", "D8:Test:Port: '' is not a whole number")]
    public void Bind_ValueThatDoesNotConvert_FailsNamingTheKeyTheValueAndWhatWasExpected(string key, string value, string expected)
    {
        var (_, failures) = Bind(new() { [key] = value });

        Assert.Equal([expected], failures);
    }

    [Fact]
    public void Bind_MisspeltKey_FailsSuggestingTheSetting()
    {
        var (_, failures) = Bind(new() { ["Prot"] = "1", ["Nested:Retires"] = "3" });

        Assert.Equal(["D8:Test:Nested:Retires: no such setting (did you mean D8:Test:Nested:Retries?)", "D8:Test:Prot: no such setting (did you mean D8:Test:Port?)"], failures.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Bind_UnknownKey_FailsListingTheSettings()
    {
        var (_, failures) = Bind(new() { ["Nested:Colour"] = "blue" });

        Assert.Equal(["D8:Test:Nested:Colour: no such setting (D8:Test:Nested has Retries, Delay)"], failures);
    }

    [Fact]
    public void Bind_KeysInAnyCase_BindTheProperty()
    {
        var (options, failures) = Bind(new() { ["port"] = "1", ["NESTED:retries"] = "5" });

        Assert.Empty(failures);
        Assert.Equal((1, 5), (options.Port, options.Nested.Retries));
    }

    [Fact]
    public void Bind_NestedObject_BindsOntoTheExistingOneAndCreatesAMissingOne()
    {
        var options = new BinderTestOptions();
        var nested = options.Nested;

        var failures = Bind(options, new() { ["Nested:Delay"] = "00:00:05", ["Created:Retries"] = "9" });

        Assert.Empty(failures);
        Assert.Same(nested, options.Nested);
        Assert.Equal((2, TimeSpan.FromSeconds(5)), (options.Nested.Retries, options.Nested.Delay));
        Assert.Equal(9, options.Created!.Retries);
    }

    [Fact]
    public void Bind_ListItemsOfObjects_BadEntryFailsNamingItsIndex()
    {
        var (_, failures) = Bind(new()
        {
            ["Rules:0:Name"] = "small-payments",
            ["Rules:0:Type"] = "payment",
            ["Rules:0:MaxCost"] = "20,00",
            ["Rules:1:Name"] = "designs",
            ["Rules:1:Type"] = "design_decisions",
            ["Rules:2:Name"] = "x",
            ["Rules:2:MaxPrio"] = "3",
        });

        Assert.Equal(
            [
                "D8:Test:Rules:0:MaxCost: '20,00' is not a number (the decimal separator is a dot: 20.00)",
                "D8:Test:Rules:1:Type: 'design_decisions' is not one of Payment, DesignDecision, ApiAccount",
                "D8:Test:Rules:2:MaxPrio: no such setting (did you mean D8:Test:Rules:2:MaxPriority?)",
            ],
            failures);
    }

    [Fact]
    public void Bind_ListItems_AreBoundInIndexOrder()
    {
        var (options, failures) = Bind(new()
        {
            ["Labels:10"] = "ten",
            ["Labels:2"] = "two",
            ["Labels:0"] = "zero",
            ["Rules:1:Name"] = "second",
            ["Rules:0:Name"] = "first",
            ["Rules:0:Type"] = "design_decision",
        });

        Assert.Empty(failures);
        Assert.Equal(["zero", "two", "ten"], options.Labels);
        Assert.Equal(["first", "second"], options.Rules.Select(rule => rule.Name));
        Assert.Equal(BinderTestKind.DesignDecision, options.Rules[0].Type);
    }

    [Fact]
    public void Bind_SameSectionTwice_ReplacesListsInsteadOfAppending()
    {
        var options = new BinderTestOptions();
        options.Labels.Add("from-code");
        var values = new Dictionary<string, string?> { ["Labels:0"] = "gpu", ["Labels:1"] = "docker", ["Rules:0:Name"] = "r", ["Array:0"] = "a", ["Numbers:0"] = "7" };

        Assert.Empty(Bind(options, values));
        Assert.Empty(Bind(options, values));

        Assert.Equal(["gpu", "docker"], options.Labels);
        Assert.Single(options.Rules);
        Assert.Equal(["a"], options.Array);
        Assert.Equal([7L], options.Numbers);
    }

    [Fact]
    public void Bind_SectionWithoutTheList_LeavesTheListAlone()
    {
        var options = new BinderTestOptions();
        options.Labels.Add("from-code");

        Assert.Empty(Bind(options, new() { ["Port"] = "1" }));

        Assert.Equal(["from-code"], options.Labels);
    }

    [Theory]
    [InlineData("Labels:gpu", "x", "D8:Test:Labels:gpu: 'gpu' is not a list index (the items of D8:Test:Labels are numbered: D8:Test:Labels:0, D8:Test:Labels:1, ...)")]
    [InlineData("Labels", "gpu,docker", "D8:Test:Labels: 'gpu,docker' is a single value, but D8:Test:Labels takes a list of numbered items (D8:Test:Labels:0, ...)")]
    [InlineData("Numbers:1", "abc", "D8:Test:Numbers:1: 'abc' is not a whole number")]
    [InlineData("Nested", "5", "D8:Test:Nested: '5' is a single value, but D8:Test:Nested takes a section of settings (Retries, Delay)")]
    [InlineData("Port:0", "5", "D8:Test:Port: is a section, but D8:Test:Port takes a single value")]
    [InlineData("ReadOnly", "x", "D8:Test:ReadOnly: cannot be set (the property BinderTestOptions.ReadOnly is read-only)")]
    [InlineData("Anything", "x", "D8:Test:Anything: cannot be bound (the type Object is not supported by D8 configuration binding)")]
    public void Bind_WrongShape_FailsNamingTheKey(string key, string value, string expected)
    {
        var (_, failures) = Bind(new() { [key] = value });

        Assert.Equal([expected], failures);
    }

    [Fact]
    public void Bind_DictionaryOfObjects_BadEntryFailsNamingItsKey()
    {
        var (options, failures) = Bind(new()
        {
            ["Endpoints:desk:Host"] = "192.168.1.100",
            ["Endpoints:desk:Capabilities:0"] = "gpu",
            ["Endpoints:pc:Host"] = "192.168.1.101",
            ["Endpoints:pc:Port"] = "76OO",
            ["Endpoints:vps:Hots"] = "example.org",
        });

        Assert.Equal(["D8:Test:Endpoints:pc:Port: '76OO' is not a whole number", "D8:Test:Endpoints:vps:Hots: no such setting (did you mean D8:Test:Endpoints:vps:Host?)"], failures);
        Assert.Equal(["gpu"], options.Endpoints["desk"].Capabilities);
    }

    [Fact]
    public void Bind_DictionaryTwice_MergesEntriesWithoutDoublingTheirLists()
    {
        var options = new BinderTestOptions();
        options.Endpoints["code"] = new BinderTestEndpoint { Host = "from-code" };
        var values = new Dictionary<string, string?> { ["Endpoints:desk:Host"] = "h", ["Endpoints:desk:Capabilities:0"] = "gpu" };

        Assert.Empty(Bind(options, values));
        Assert.Empty(Bind(options, values));

        Assert.Equal(["code", "desk"], options.Endpoints.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["gpu"], options.Endpoints["desk"].Capabilities);
    }

    [Fact]
    public void Bind_DictionaryWithEnumKeys_ConvertsTheKeys()
    {
        var (options, failures) = Bind(new() { ["Budgets:payment"] = "50.00", ["Budgets:design_decision"] = "10", ["Budgets:travel"] = "1" });

        Assert.Equal(["D8:Test:Budgets:travel: the key 'travel' is not one of Payment, DesignDecision, ApiAccount"], failures);
        Assert.Equal(50.00m, options.Budgets[BinderTestKind.Payment]);
        Assert.Equal(10m, options.Budgets[BinderTestKind.DesignDecision]);
    }

    [Fact]
    public void WithParser_CustomNames_AreUsedForPropertiesListsAndKeys()
    {
        var binder = StrictConfigurationBinder.Default.WithParser<BinderTestKind>(
            (string value, out BinderTestKind kind) =>
            {
                kind = BinderTestKind.ApiAccount;
                return value == "api";
            },
            "api");
        var options = new BinderTestOptions();

        var failures = binder.Bind(Configuration(new() { ["Kind"] = "api", ["Rules:0:Type"] = "ApiAccount", ["Budgets:api"] = "1" }), options);

        Assert.Equal(["D8:Test:Rules:0:Type: 'ApiAccount' is not api"], failures);
        Assert.Equal(BinderTestKind.ApiAccount, options.Kind);
        Assert.Equal(1m, options.Budgets[BinderTestKind.ApiAccount]);
    }

    [Fact]
    public void Bind_JsonFile_EmptyArraysObjectsAndNullsSetNothing()
    {
        var options = new BinderTestOptions();
        options.Labels.Add("kept");
        var configuration = new ConfigurationBuilder()
            .AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes("""
                { "D8": { "Test": { "Labels": [], "Rules": [], "Endpoints": {}, "Nested": {}, "Name": null, "Rules2": null } } }
                """)))
            .Build();

        var failures = StrictConfigurationBinder.Default.Bind(configuration.GetSection(Section), options);

        Assert.Equal(["D8:Test:Rules2: no such setting (did you mean D8:Test:Rules?)"], failures);
        Assert.Equal(["kept"], options.Labels);
        Assert.Null(options.Name);
    }

    [Fact]
    public void Bind_RootConfiguration_NamesKeysWithoutAPrefix()
    {
        var options = new BinderTestOptions();

        var failures = StrictConfigurationBinder.Default.Bind(
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Port"] = "x", ["Zzz"] = "1" }).Build(), options);

        Assert.Equal(["Port: 'x' is not a whole number", "Zzz: no such setting (the configuration has " + string.Join(", ", typeof(BinderTestOptions).GetProperties().Select(p => p.Name)) + ")"], failures);
    }

    [Fact]
    public void Bind_SectionHoldingAValue_FailsNamingIt()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [Section] = "oops" }).Build();

        var failures = StrictConfigurationBinder.Default.Bind(configuration.GetSection(Section), new BinderTestNested());

        Assert.Equal(["D8:Test: 'oops' is a value, but D8:Test is a section of settings (Retries, Delay)"], failures);
    }

    [Fact]
    public void Bind_LongValue_IsShortenedInTheMessage()
    {
        var (_, failures) = Bind(new() { ["Port"] = new string('9', 20) + new string('x', 100) });

        Assert.EndsWith("...' is not a whole number", Assert.Single(failures), StringComparison.Ordinal);
        Assert.True(Assert.Single(failures).Length < 140);
    }

    private static (BinderTestOptions Options, IReadOnlyList<string> Failures) Bind(Dictionary<string, string?> values)
    {
        var options = new BinderTestOptions();
        return (options, Bind(options, values));
    }

    private static IReadOnlyList<string> Bind(BinderTestOptions options, Dictionary<string, string?> values) =>
        StrictConfigurationBinder.Default.Bind(Configuration(values), options);

    private static IConfigurationSection Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.ToDictionary(pair => $"{Section}:{pair.Key}", pair => pair.Value))
            .Build()
            .GetSection(Section);
}
