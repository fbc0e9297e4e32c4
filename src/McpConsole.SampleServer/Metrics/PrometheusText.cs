using System.Diagnostics;
using System.Globalization;
using System.Text;
using McpConsole.SampleServer.Failover;
using McpConsole.SampleServer.Hosting;

namespace McpConsole.SampleServer.Metrics;

/// <summary>Writes the Prometheus text exposition format (version 0.0.4) by hand.</summary>
public sealed class PrometheusText(SampleServerOptions options, RequestMetrics requests, ConnectionTracker connections, FailoverState failover)
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public string Render()
    {
        var sb = new StringBuilder();
        var server = Escape(options.Name);
        var snapshot = requests.Snapshot();

        Header(sb, "mcp_requests_total", "counter", "Total MCP requests by JSON-RPC method.");
        foreach (var (method, s) in snapshot)
            sb.Append($"mcp_requests_total{{server=\"{server}\",method=\"{Escape(method)}\"}} {s.Count}\n");

        Header(sb, "mcp_request_duration_seconds", "histogram", "MCP request duration in seconds.");
        foreach (var (method, s) in snapshot)
        {
            var labels = $"server=\"{server}\",method=\"{Escape(method)}\"";
            for (var i = 0; i < RequestMetrics.Buckets.Length; i++)
                sb.Append($"mcp_request_duration_seconds_bucket{{{labels},le=\"{Num(RequestMetrics.Buckets[i])}\"}} {s.BucketCounts[i]}\n");
            sb.Append($"mcp_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {s.Count}\n");
            sb.Append($"mcp_request_duration_seconds_sum{{{labels}}} {Num(s.Sum)}\n");
            sb.Append($"mcp_request_duration_seconds_count{{{labels}}} {s.Count}\n");
        }

        using var process = Process.GetCurrentProcess();
        var rss = process.WorkingSet64;
        Gauge(sb, "mcp_active_connections", "Open connections on the MCP endpoints.", server, connections.Active);
        Gauge(sb, "mcp_server_memory_bytes", "Server memory usage (resident set) in bytes.", server, rss);
        Gauge(sb, "mcp_server_ready", "1 when the server accepts client traffic (primary), else 0.", server, failover.IsReady ? 1 : 0);
        Gauge(sb, "mcp_server_epoch", "Last failover epoch accepted.", server, failover.Epoch);

        Header(sb, "process_cpu_seconds_total", "counter", "Total user and system CPU time spent in seconds.");
        sb.Append($"process_cpu_seconds_total {Num(process.TotalProcessorTime.TotalSeconds)}\n");
        Header(sb, "process_resident_memory_bytes", "gauge", "Resident memory size in bytes.");
        sb.Append($"process_resident_memory_bytes {rss}\n");
        Header(sb, "process_start_time_seconds", "gauge", "Start time of the process since unix epoch in seconds.");
        sb.Append($"process_start_time_seconds {Num(new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0)}\n");
        return sb.ToString();
    }

    private static void Gauge(StringBuilder sb, string name, string help, string server, double value)
    {
        Header(sb, name, "gauge", help);
        sb.Append($"{name}{{server=\"{server}\"}} {Num(value)}\n");
    }

    private static void Header(StringBuilder sb, string name, string type, string help) =>
        sb.Append($"# HELP {name} {help}\n# TYPE {name} {type}\n");

    private static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static string Escape(string v) => v.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");
}
