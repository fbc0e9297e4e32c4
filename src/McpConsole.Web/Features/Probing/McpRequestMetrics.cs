using System.Diagnostics;
using System.Text.Json;
using Prometheus;

namespace McpConsole.Web.Features.Probing;

/// <summary>
/// The seed's request metrics for the MCP requests the console itself sends (its probes), per server and method:
/// mcp_requests_total, mcp_request_errors_total and mcp_request_duration_seconds; plus what servers report about
/// themselves in health://status (memory, active connections).
/// </summary>
public static class McpRequestMetrics
{
    private static readonly Counter Requests = Prometheus.Metrics.CreateCounter("mcp_requests_total",
        "MCP requests the console sent to the server, by method (probes: initialize, ping, tools/list, ...).", "server", "method");

    private static readonly Counter Errors = Prometheus.Metrics.CreateCounter("mcp_request_errors_total",
        "MCP requests the console sent that failed (error answer, timeout, closed transport), by method.", "server", "method");

    private static readonly Histogram Duration = Prometheus.Metrics.CreateHistogram("mcp_request_duration_seconds",
        "Duration of the MCP requests the console sent, by method.",
        new HistogramConfiguration
        {
            LabelNames = ["server", "method"],
            Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
        });

    private static readonly Gauge ReportedMemory = Prometheus.Metrics.CreateGauge("mcp_server_reported_memory_bytes",
        "Memory the server reports in its health://status resource (memory_usage).", "server");

    private static readonly Gauge ReportedConnections = Prometheus.Metrics.CreateGauge("mcp_server_reported_active_connections",
        "Active connections the server reports in its health://status resource.", "server");

    private static readonly string[] Methods = ["initialize", "ping", "tools/list", "resources/list", "prompts/list", "resources/read"];

    public static Task<T> TimeAsync<T>(string server, string method, Func<ValueTask<T>> call) => TimeAsync(server, method, () => call().AsTask());

    public static async Task<T> TimeAsync<T>(string server, string method, Func<Task<T>> call)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await call();
        }
        catch
        {
            Errors.WithLabels(server, method).Inc();
            throw;
        }
        finally
        {
            Requests.WithLabels(server, method).Inc();
            Duration.WithLabels(server, method).Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    /// <summary>Sets the self-reported gauges from a health://status document; fields it lacks are left out.</summary>
    public static void ObserveHealthResource(string server, string? json)
    {
        if (json is null)
            return;
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                return;
            if (doc.RootElement.TryGetProperty("memory_usage", out var mb) && mb.TryGetDouble(out var megabytes) && megabytes >= 0)
                ReportedMemory.WithLabels(server).Set(megabytes * 1024 * 1024);
            if (doc.RootElement.TryGetProperty("active_connections", out var c) && c.TryGetDouble(out var connections) && connections >= 0)
                ReportedConnections.WithLabels(server).Set(connections);
        }
        catch (JsonException)
        {
            // A server that sends no JSON here reports nothing; HealthSignals already shows why.
        }
    }

    /// <summary>Drops the series of a server that left the fleet.</summary>
    public static void Remove(string server)
    {
        foreach (var method in Methods)
        {
            Requests.RemoveLabelled(server, method);
            Errors.RemoveLabelled(server, method);
            Duration.RemoveLabelled(server, method);
        }

        ReportedMemory.RemoveLabelled(server);
        ReportedConnections.RemoveLabelled(server);
    }
}
