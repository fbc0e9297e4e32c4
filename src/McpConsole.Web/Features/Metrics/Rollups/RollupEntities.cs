using McpConsole.Web.Features.Fleet;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace McpConsole.Web.Features.Metrics.Rollups;

/// <summary>
/// Probes of one server in one bucket: count, failures, latency of the successful ones (ms). Stored compactly: the
/// tables are WITHOUT ROWID on (ServerId, Bucket), the bucket is a number, and latencies are rounded
/// (<see cref="StoredLatency"/>) so SQLite keeps them as 1-2 byte integers instead of 8-byte doubles.
/// </summary>
public abstract class RollupRow
{
    public int ServerId { get; set; }

    /// <summary>Bucket number: UTC ticks of the bucket start divided by the bucket length (<see cref="RollupKind.NumberOf"/>).</summary>
    public long Bucket { get; set; }
    public int Count { get; set; }
    public int Failures { get; set; }
    public double? MinMs { get; set; }
    public double? AvgMs { get; set; }
    public double? MaxMs { get; set; }
    public double? P50Ms { get; set; }
    public double? P95Ms { get; set; }
}

public sealed class MinuteRollup : RollupRow;

public sealed class HourRollup : RollupRow;

/// <summary>How far a roll-up has run: every bucket before <see cref="UpTo"/> (UTC ticks) is complete.</summary>
public sealed class RollupWatermark
{
    public required string Name { get; set; }
    public long UpTo { get; set; }
}

/// <summary>A server's availability objective when it differs from the default (99.9 %).</summary>
public sealed class AvailabilityTarget
{
    public int ServerId { get; set; }
    public double TargetPercent { get; set; }
}

internal sealed class RollupConfiguration :
    IEntityTypeConfiguration<MinuteRollup>, IEntityTypeConfiguration<HourRollup>,
    IEntityTypeConfiguration<RollupWatermark>, IEntityTypeConfiguration<AvailabilityTarget>
{
    public void Configure(EntityTypeBuilder<MinuteRollup> b)
    {
        b.ToTable("MinuteRollups");
        b.HasKey(r => new { r.ServerId, r.Bucket });
        b.HasOne<McpServer>().WithMany().HasForeignKey(r => r.ServerId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<HourRollup> b)
    {
        b.ToTable("HourRollups");
        b.HasKey(r => new { r.ServerId, r.Bucket });
        b.HasOne<McpServer>().WithMany().HasForeignKey(r => r.ServerId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<RollupWatermark> b)
    {
        b.ToTable("RollupWatermarks");
        b.HasKey(w => w.Name);
        b.Property(w => w.Name).HasMaxLength(20);
    }

    public void Configure(EntityTypeBuilder<AvailabilityTarget> b)
    {
        b.ToTable("AvailabilityTargets");
        b.HasKey(t => t.ServerId);
        b.HasOne<McpServer>().WithOne().HasForeignKey<AvailabilityTarget>(t => t.ServerId).OnDelete(DeleteBehavior.Cascade);
    }
}
