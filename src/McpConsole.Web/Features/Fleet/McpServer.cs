using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace McpConsole.Web.Features.Fleet;

/// <summary>
/// A registered MCP server. Environment and header values are secrets: stored encrypted
/// (ASP.NET Data Protection) in <see cref="EnvironmentProtected"/> and <see cref="HeadersProtected"/>, and so are
/// secret arguments (<see cref="SecretArgumentsProtected"/>).
/// What probing found lives in <see cref="Probing.ServerStatus"/>, so registry edits and probe writes never collide.
/// </summary>
public sealed class McpServer
{
    public int Id { get; set; }
    public required string Name { get; set; }

    /// <summary>Stdio, StreamableHttp or Sse (McpConsole.Core.Fleet.ServerTransport).</summary>
    public required string Transport { get; set; }

    public string? Command { get; set; }
    /// <summary>The arguments with secret ones as "&lt;redacted&gt;": safe to show.</summary>
    public string ArgumentsJson { get; set; } = "[]";

    /// <summary>The secret arguments by index, encrypted like the environment.</summary>
    public string? SecretArgumentsProtected { get; set; }
    public string? EnvironmentProtected { get; set; }
    public string? WorkingDirectory { get; set; }

    /// <summary>Names of the console's environment variables the process gets (Admin only).</summary>
    public string PassThroughEnvironmentJson { get; set; } = "[]";

    public string? Url { get; set; }
    public string? HeadersProtected { get; set; }

    public string? Group { get; set; }
    public string? Location { get; set; }
    public string TagsJson { get; set; } = "[]";
    public double? CpuCores { get; set; }
    public int? MemoryMb { get; set; }

    public int ProbeIntervalSeconds { get; set; } = 30;
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>Latency above this makes a healthy server Degraded.</summary>
    public int SlowThresholdMs { get; set; } = 2000;

    /// <summary>Also GET {origin}/health and /ready on HTTP servers (probe step 5).</summary>
    public bool CheckHttpHealthEndpoints { get; set; }

    /// <summary>Where an HTTP server's Prometheus metrics are, when not at {origin}/metrics (cost sampling).</summary>
    public string? MetricsUrl { get; set; }

    public bool Enabled { get; set; } = true;

    /// <summary>Launched by the console's demo mode (stopped with it).</summary>
    public bool IsDemo { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class McpServerConfiguration : IEntityTypeConfiguration<McpServer>
{
    public void Configure(EntityTypeBuilder<McpServer> b)
    {
        b.ToTable("Servers");
        b.Property(s => s.Name).HasMaxLength(100);
        b.HasIndex(s => s.Name).IsUnique();
        b.Property(s => s.Transport).HasMaxLength(20);
        b.Property(s => s.Command).HasMaxLength(1000);
        b.Property(s => s.Url).HasMaxLength(2000);
        b.Property(s => s.MetricsUrl).HasMaxLength(ServerChanges.MaxMetricsUrlLength);
        b.Property(s => s.Group).HasMaxLength(100);
        b.Property(s => s.Location).HasMaxLength(100);
        b.Property(s => s.WorkingDirectory).HasMaxLength(1000);
    }
}
