using System.Diagnostics;

namespace D8.Distributed.Core.Internal;

/// <summary>Names shared by the master's traces and metrics.</summary>
internal static class D8Telemetry
{
    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/> and of the <see cref="ActivitySource"/>.</summary>
    public const string Name = D8Diagnostics.MeterName;

    /// <summary>
    /// The source of the dispatch spans. HttpClient's diagnostics handler sends the current span as <c>traceparent</c>,
    /// so a slave that reads it continues the same trace.
    /// </summary>
    public static readonly ActivitySource ActivitySource = new(D8Diagnostics.ActivitySourceName, typeof(D8Telemetry).Assembly.GetName().Version?.ToString());
}
