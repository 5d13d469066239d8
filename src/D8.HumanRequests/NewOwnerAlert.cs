namespace D8.HumanRequests;

/// <summary>What <see cref="IOwnerAlerts.RaiseAsync"/> needs to raise an <see cref="OwnerAlert"/>.</summary>
/// <param name="Source">What raises it, e.g. <c>slave</c>.</param>
/// <param name="Kind">What happened, e.g. <c>down</c>.</param>
/// <param name="Subject">What it is about, e.g. the slave id.</param>
/// <param name="Text">A plain-text description (English) for notifiers that do not know the source.</param>
public sealed record NewOwnerAlert(string Source, string Kind, string Subject, string Text)
{
    /// <summary>The source's details, by name, for notifiers that format the alert themselves.</summary>
    public IReadOnlyDictionary<string, string> Fields { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
