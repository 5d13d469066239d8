using D8.Distributed.Core;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace D8.Distributed.Cli.Internal;

/// <summary>
/// OTLP export of the master's telemetry for <c>run</c>: the <see cref="D8Diagnostics.MeterName"/> meter and the
/// <see cref="D8Diagnostics.ActivitySourceName"/> spans, only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. The
/// exporter reads the other standard variables itself (<c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, <c>_HEADERS</c>,
/// <c>OTEL_METRIC_EXPORT_INTERVAL</c>, <c>OTEL_SERVICE_NAME</c>, ...) from the host's configuration, where the
/// invocation's environment lands.
/// </summary>
internal static class OtlpExport
{
    public const string EndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";
    private const string ServiceNameKey = "OTEL_SERVICE_NAME";
    private const string DefaultServiceName = "d8-master";

    /// <summary>Adds the exporters when the endpoint is configured; otherwise adds nothing at all (no exporter threads).</summary>
    /// <returns>Whether the exporters were added.</returns>
    public static bool Add(IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (string.IsNullOrWhiteSpace(builder.Configuration[EndpointKey]))
        {
            return false;
        }

        var otel = builder.Services.AddOpenTelemetry();

        // OTEL_SERVICE_NAME, when set, names the service; only without it does the master name itself.
        if (string.IsNullOrWhiteSpace(builder.Configuration[ServiceNameKey]))
        {
            otel.ConfigureResource(resource => resource.AddService(DefaultServiceName));
        }

        otel.WithMetrics(metrics => metrics.AddMeter(D8Diagnostics.MeterName).AddOtlpExporter())
            .WithTracing(tracing => tracing.AddSource(D8Diagnostics.ActivitySourceName).AddOtlpExporter());
        return true;
    }
}
