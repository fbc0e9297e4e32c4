using McpConsole.Web.Features.Fleet;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace McpConsole.Web.Features.Probing;

/// <summary>The latest known health of one server: one row per server, overwritten by each probe.</summary>
public sealed class ServerStatus
{
    public int ServerId { get; set; }

    /// <summary>McpConsole.Core.Health.HealthState name: Unknown, Healthy, Degraded, Down, Unauthorized, Misconfigured.</summary>
    public string State { get; set; } = "Unknown";
    public string? Reason { get; set; }
    public DateTimeOffset? Since { get; set; }
    public int ConsecutiveFailures { get; set; }
    public int ConsecutiveSuccesses { get; set; }
    public DateTimeOffset? LastCheckedAt { get; set; }
    public DateTimeOffset? NextCheckAt { get; set; }
    public double? LatencyMs { get; set; }

    public string? ProtocolVersion { get; set; }
    public string? ServerInfoName { get; set; }
    public string? ServerInfoVersion { get; set; }
    public int? ToolCount { get; set; }
    public int? ResourceCount { get; set; }
    public int? PromptCount { get; set; }
    public string? CatalogHash { get; set; }

    /// <summary>Server-supplied or exception text: untrusted, render as text only.</summary>
    public string? LastError { get; set; }
    public string? StderrTail { get; set; }
    public int? ExitCode { get; set; }
    public int? ProcessId { get; set; }

    /// <summary>Step timings of the last probe as JSON: {"transport":12.1,"handshake":40.2,...} in ms.</summary>
    public string? LastStepsJson { get; set; }

    /// <summary>Last health://status resource body (JSON), when the server offers one.</summary>
    public string? HealthResourceJson { get; set; }
}

/// <summary>A state transition with its reason (exception kind, HTTP status, exit code, stderr tail).</summary>
public sealed class StateEvent
{
    public long Id { get; set; }
    public int ServerId { get; set; }
    public DateTimeOffset At { get; set; }
    public required string FromState { get; set; }
    public required string ToState { get; set; }
    public required string Reason { get; set; }
}

/// <summary>A tool catalog as first seen or as changed: the hash, the tools, and the diff from the previous one.</summary>
public sealed class CatalogSnapshot
{
    public long Id { get; set; }
    public int ServerId { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Hash { get; set; }
    public required string ToolsJson { get; set; }

    /// <summary>{"added":[...],"removed":[...],"changed":[{"name":..,"fields":[..]}]} or null for the first snapshot.</summary>
    public string? DiffJson { get; set; }
}

/// <summary>
/// One probe: raw sample, short-lived (rolled up by the metrics feature). Narrow on purpose: step timings go to the
/// step histogram on /metrics and the last probe's steps to <see cref="ServerStatus.LastStepsJson"/>.
/// </summary>
public sealed class ProbeSample
{
    public int ServerId { get; set; }
    public DateTimeOffset At { get; set; }
    public bool Succeeded { get; set; }
    public double LatencyMs { get; set; }
    public string? FailureKind { get; set; }
}

internal sealed class ProbingConfiguration :
    IEntityTypeConfiguration<ServerStatus>, IEntityTypeConfiguration<StateEvent>,
    IEntityTypeConfiguration<CatalogSnapshot>, IEntityTypeConfiguration<ProbeSample>
{
    public void Configure(EntityTypeBuilder<ServerStatus> b)
    {
        b.ToTable("ServerStatus");
        b.HasKey(s => s.ServerId);
        b.HasOne<McpServer>().WithOne().HasForeignKey<ServerStatus>(s => s.ServerId).OnDelete(DeleteBehavior.Cascade);
        b.Property(s => s.State).HasMaxLength(20);
        b.Property(s => s.Reason).HasMaxLength(2000);
        b.Property(s => s.LastError).HasMaxLength(4000);
        b.Property(s => s.StderrTail).HasMaxLength(4000);
    }

    public void Configure(EntityTypeBuilder<StateEvent> b)
    {
        b.ToTable("StateEvents");
        b.HasOne<McpServer>().WithMany().HasForeignKey(e => e.ServerId).OnDelete(DeleteBehavior.Cascade);
        b.Property(e => e.Reason).HasMaxLength(4000);
        b.HasIndex(e => new { e.ServerId, e.At });
        b.HasIndex(e => e.At);
    }

    public void Configure(EntityTypeBuilder<CatalogSnapshot> b)
    {
        b.ToTable("CatalogSnapshots");
        b.HasOne<McpServer>().WithMany().HasForeignKey(c => c.ServerId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(c => new { c.ServerId, c.At });
    }

    public void Configure(EntityTypeBuilder<ProbeSample> b)
    {
        b.ToTable("ProbeSamples");
        // The key is the table: the migration creates it WITHOUT ROWID, so charts and roll-ups read (ServerId, At)
        // ranges from one b-tree and an insert writes one b-tree, not a row plus a covering index.
        b.HasKey(p => new { p.ServerId, p.At });
        b.HasOne<McpServer>().WithMany().HasForeignKey(p => p.ServerId).OnDelete(DeleteBehavior.Cascade);
    }
}
