using System.ComponentModel.DataAnnotations;

namespace McpConsole.Web.Infrastructure.Limits;

/// <summary>
/// Settings under "McpConsole:ResponseLimits": the most bytes the console reads from a server's answer. Server bodies
/// are attacker-controlled; a limit turns an endless or huge body into a probe failure with a clear reason
/// ("response too large (over N bytes)") instead of memory the console cannot give back.
/// </summary>
public sealed class ResponseLimitOptions
{
    public const string Section = "McpConsole:ResponseLimits";

    /// <summary>
    /// One MCP message from a server (over HTTP, each JSON-RPC response or server-sent event), and a whole tools/list
    /// (all pages together). 4 MiB holds ~2,000 tools with rich schemas.
    /// </summary>
    [Range(64 * 1024, 1024L * 1024 * 1024)]
    public long MaxMessageBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>A health report: the health://status resource text, GET /health and GET /ready bodies.</summary>
    [Range(1024, 64L * 1024 * 1024)]
    public long MaxHealthBytes { get; set; } = 64 * 1024;

    /// <summary>A Prometheus /metrics body read for cost sampling.</summary>
    [Range(64 * 1024, 1024L * 1024 * 1024)]
    public long MaxMetricsBytes { get; set; } = 8 * 1024 * 1024;
}
