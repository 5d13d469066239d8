namespace D8.Distributed.Contracts.Tests.Configuration;

// Shapes like the D8 option classes: scalars of every kind, a nested object, lists and dictionaries of objects.
public sealed class BinderTestOptions
{
    public string? Name { get; set; }

    public bool Enabled { get; set; }

    public int Port { get; set; } = 7600;

    public byte Small { get; set; }

    public long Big { get; set; }

    public double Ratio { get; set; }

    public decimal Cost { get; set; }

    public decimal? MaybeCost { get; set; }

    public int? MaybeCount { get; set; }

    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    public BinderTestKind Kind { get; set; }

    public BinderTestKind? MaybeKind { get; set; }

    public Uri? Address { get; set; }

    public Guid Id { get; set; }

    public DateTimeOffset When { get; set; }

    public char Separator { get; set; }

    public BinderTestNested Nested { get; set; } = new();

    public BinderTestNested? Created { get; set; }

    public IList<string> Labels { get; } = [];

    public IList<long> Numbers { get; set; } = [];

    public string[] Array { get; set; } = [];

    public IList<BinderTestRule> Rules { get; } = [];

    public IDictionary<string, BinderTestEndpoint> Endpoints { get; set; } = new Dictionary<string, BinderTestEndpoint>(StringComparer.Ordinal);

    public Dictionary<BinderTestKind, decimal> Budgets { get; } = [];

    public string ReadOnly { get; } = "fixed";

    public object? Anything { get; set; }
}

public sealed class BinderTestNested
{
    public int Retries { get; set; } = 2;

    public TimeSpan Delay { get; set; }
}

public sealed class BinderTestRule
{
    public string Name { get; set; } = string.Empty;

    public BinderTestKind? Type { get; set; }

    public decimal? MaxCost { get; set; }

    public int? MaxPriority { get; set; }
}

public sealed class BinderTestEndpoint
{
    public string Host { get; set; } = string.Empty;

    public int Port { get; set; } = 7600;

    public IList<string> Capabilities { get; set; } = [];
}

public enum BinderTestKind
{
    Payment,
    DesignDecision,
    ApiAccount,
}
