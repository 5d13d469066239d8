using System.Text.RegularExpressions;
using D8.Distributed.Cli.Internal;
using D8.Distributed.Cli.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace D8.Distributed.Cli.Tests.EndToEnd;

/// <summary><c>d8-master run</c> exports the D8.Distributed meter over OTLP when, and only when, the endpoint is set.</summary>
public sealed partial class OtlpExportTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly TempDirectory _root = new("d8-otlp");

    [Fact]
    public async Task Run_OtlpEndpointSet_PostsTheD8MetricsToTheCollector()
    {
        await using var receiver = await FakeOtlpReceiver.StartAsync();
        await using var master = SampleProcess.Start("D8.Master.Sample", "d8-master", new Dictionary<string, string>
        {
            ["SLAVE_TOKEN"] = "t",
            ["D8__Dashboard__Enabled"] = "false",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Url,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
        }, "run", "--data-dir", _root.Combine("data"));

        await master.WaitForLineAsync(RunningWithOtlpLine(), StartTimeout);
        try
        {
            await Poll.UntilAsync(
                () => receiver.Requests.Any(request => request.Path == "/v1/metrics" && request.Contains("D8.Distributed")),
                "a POST /v1/metrics carrying the D8.Distributed meter",
                TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException ex)
        {
            Assert.Fail($"{ex.Message}; received: [{string.Join(", ", receiver.Requests.Select(r => $"{r.Path} {r.Body.Length} B"))}]\n{master}");
        }

        var metrics = receiver.Requests.First(request => request.Path == "/v1/metrics");
        Assert.Equal("application/x-protobuf", metrics.ContentType);
        Assert.True(metrics.Contains("d8-master"), "the resource's service.name should be d8-master when OTEL_SERVICE_NAME is not set");
    }

    [Fact]
    public void Add_EndpointNotSet_RegistersNothingOfOpenTelemetry()
    {
        var builder = Builder(new Dictionary<string, string?> { ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf" });
        var before = builder.Services.Count;

        var added = OtlpExport.Add(builder);

        Assert.False(added);
        Assert.Equal(before, builder.Services.Count);
        Assert.DoesNotContain(builder.Services, IsOpenTelemetry);
    }

    [Fact]
    public void Add_EndpointSet_RegistersTheOpenTelemetryProviders()
    {
        var builder = Builder(new Dictionary<string, string?> { [OtlpExport.EndpointKey] = "http://127.0.0.1:4318" });

        var added = OtlpExport.Add(builder);

        Assert.True(added);
        Assert.Contains(builder.Services, IsOpenTelemetry);
    }

    public void Dispose() => _root.Dispose();

    private static HostApplicationBuilder Builder(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        return builder;
    }

    private static bool IsOpenTelemetry(Microsoft.Extensions.DependencyInjection.ServiceDescriptor descriptor) =>
        new[] { descriptor.ServiceType, descriptor.IsKeyedService ? descriptor.KeyedImplementationType : descriptor.ImplementationType }
            .Any(type => type?.Namespace?.StartsWith("OpenTelemetry", StringComparison.Ordinal) == true || type?.GenericTypeArguments.Any(a => a.Namespace?.StartsWith("OpenTelemetry", StringComparison.Ordinal) == true) == true);

    [GeneratedRegex(@"d8-master: running .*OTLP export on")]
    private static partial Regex RunningWithOtlpLine();
}
