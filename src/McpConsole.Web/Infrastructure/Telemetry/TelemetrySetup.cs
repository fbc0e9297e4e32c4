using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace McpConsole.Web.Infrastructure.Telemetry;

/// <summary>
/// OpenTelemetry traces and metrics over OTLP, off unless an endpoint is configured
/// (McpConsole:Telemetry:OtlpEndpoint, e.g. http://collector:4318 for OTLP/HTTP or http://collector:4317 with
/// Protocol=grpc). Includes the MCP SDK's own source and meter, so every probe request shows up as a span.
/// </summary>
public static class TelemetrySetup
{
    public const string Section = "McpConsole:Telemetry";

    /// <summary>The SDK's ActivitySource and Meter name.</summary>
    public const string McpSdkSource = "Experimental.ModelContextProtocol";

    public static IHostApplicationBuilder AddTelemetry(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (!Uri.TryCreate(options.OtlpEndpoint, UriKind.Absolute, out var endpoint))
            return builder;

        var grpc = string.Equals(options.Protocol, "grpc", StringComparison.OrdinalIgnoreCase);
        void Exporter(OtlpExporterOptions o, string signalPath)
        {
            o.Protocol = grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
            // Set in code, the HTTP endpoint is used as given: the per-signal path is ours to add.
            o.Endpoint = grpc ? endpoint : new Uri(endpoint, endpoint.AbsolutePath.TrimEnd('/') + signalPath);
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(options.ServiceName, serviceInstanceId: Environment.MachineName))
            .WithTracing(t => t
                .AddSource(McpSdkSource, "Microsoft.AspNetCore", "System.Net.Http")
                .AddOtlpExporter(o => Exporter(o, "/v1/traces")))
            .WithMetrics(m => m
                .AddMeter(McpSdkSource, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Net.Http", "System.Runtime")
                .AddOtlpExporter((o, reader) =>
                {
                    Exporter(o, "/v1/metrics");
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)options.MetricsInterval.TotalMilliseconds;
                }));
        return builder;
    }
}

public sealed class TelemetryOptions
{
    /// <summary>OTLP collector base address; empty (the default) turns export off.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>"http" (OTLP/HTTP protobuf, port 4318, the default) or "grpc" (port 4317).</summary>
    public string Protocol { get; set; } = "http";

    public string ServiceName { get; set; } = "McpConsole";

    /// <summary>How often metrics are pushed.</summary>
    public TimeSpan MetricsInterval { get; set; } = TimeSpan.FromSeconds(60);
}
