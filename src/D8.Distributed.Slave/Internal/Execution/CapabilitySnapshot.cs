namespace D8.Distributed.Slave.Internal;

/// <summary>What the last probe found: every registered method (in registration order) with its probe, and the Python version line.</summary>
internal sealed record CapabilitySnapshot(IReadOnlyList<MethodState> Methods, string PythonVersion, DateTimeOffset ProbedAt)
{
    internal const string UnknownPythonVersion = "unavailable";

    /// <summary>The snapshot before the first probe: every method known, none available.</summary>
    public static CapabilitySnapshot Unprobed(IEnumerable<IExecutionMethod> methods) =>
        new([.. methods.Select(method => new MethodState(method, MethodProbe.NotProbed))], UnknownPythonVersion, DateTimeOffset.MinValue);

    /// <summary>Gets the names of the available methods, in registration order.</summary>
    public IEnumerable<string> AvailableMethods => Methods.Where(state => state.Probe.IsAvailable).Select(state => state.Method.Name);

    /// <summary>Finds a registered method by its wire name (ordinal), or <see langword="null"/>.</summary>
    public MethodState? Find(string name) => Methods.FirstOrDefault(state => string.Equals(state.Method.Name, name, StringComparison.Ordinal));

    public bool IsAvailable(string name) => Find(name)?.Probe.IsAvailable == true;
}
