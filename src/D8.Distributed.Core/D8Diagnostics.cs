namespace D8.Distributed.Core;

/// <summary>
/// The names the master's telemetry is published under, for an exporter or a listener to subscribe to: OpenTelemetry's
/// <c>AddMeter(D8Diagnostics.MeterName)</c> / <c>AddSource(D8Diagnostics.ActivitySourceName)</c>, or
/// <c>dotnet-counters monitor --counters D8.Distributed</c>.
/// </summary>
public static class D8Diagnostics
{
    /// <summary>The name of the master's <see cref="System.Diagnostics.Metrics.Meter"/> (tasks, queue, slaves).</summary>
    public const string MeterName = "D8.Distributed";

    /// <summary>The name of the master's <see cref="System.Diagnostics.ActivitySource"/> (the dispatch spans).</summary>
    public const string ActivitySourceName = "D8.Distributed";
}
