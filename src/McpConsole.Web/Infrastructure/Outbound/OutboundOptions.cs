namespace McpConsole.Web.Infrastructure.Outbound;

/// <summary>
/// Where the console may connect when it fetches a URL an operator entered (MCP endpoints, /health and /ready, metrics
/// URLs, alert and failover webhooks, role endpoints). Section "McpConsole:Outbound" (environment
/// McpConsole__Outbound__Key). Fleets are internal, so loopback and private ranges are allowed by default; link-local
/// and cloud metadata addresses are not: they hand out the host's cloud credentials.
/// </summary>
public sealed class OutboundOptions
{
    public const string Section = "McpConsole:Outbound";

    /// <summary>127.0.0.0/8, ::1 (and 0.0.0.0, which reaches this host).</summary>
    public bool AllowLoopback { get; set; } = true;

    /// <summary>10/8, 172.16/12, 192.168/16, 100.64/10 (carrier-grade NAT) and IPv6 unique-local fc00::/7.</summary>
    public bool AllowPrivateNetworks { get; set; } = true;

    /// <summary>169.254.0.0/16, fe80::/10 and the cloud metadata addresses and host names (169.254.169.254, fd00:ec2::254, 100.100.100.200, metadata.google.internal...).</summary>
    public bool AllowLinkLocal { get; set; }

    /// <summary>Host names (exact, case-insensitive), addresses or CIDR ranges allowed whatever the rules above say (DeniedCidrs still win).</summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>Address ranges (CIDR or single addresses) never connected to.</summary>
    public List<string> DeniedCidrs { get; set; } = [];

    /// <summary>Redirects followed within one origin; a redirect to another origin is never followed.</summary>
    public int MaxRedirects { get; set; } = 5;
}
