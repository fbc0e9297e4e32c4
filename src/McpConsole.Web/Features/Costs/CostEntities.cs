using McpConsole.Web.Features.Fleet;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace McpConsole.Web.Features.Costs;

/// <summary>
/// One resource reading (written by the sampler with prepared inserts, read with plain SQL). CpuCores: average cores
/// since the previous reading; MemoryMb: resident memory; Requests: client requests since the previous reading.
/// </summary>
public sealed class ResourceSampleRow
{
    public int ServerId { get; set; }

    /// <summary>UTC ticks.</summary>
    public long At { get; set; }
    public double? CpuCores { get; set; }
    public double? MemoryMb { get; set; }
    public long? Requests { get; set; }
}

/// <summary>Usage of one server in one UTC hour (see McpConsole.Core.Costs.UsageBucket); priced when read.</summary>
public sealed class ResourceHourRow
{
    public int ServerId { get; set; }
    public long BucketStart { get; set; }
    public double KnownSeconds { get; set; }
    public double KnownCpuSeconds { get; set; }
    public double UsedCpuCoreSeconds { get; set; }
    public double BilledCpuCoreSeconds { get; set; }
    public double AssumedCpuCoreSeconds { get; set; }
    public double KnownMemorySeconds { get; set; }
    public double UsedMemoryMbSeconds { get; set; }
    public double BilledMemoryMbSeconds { get; set; }
    public double AssumedMemoryMbSeconds { get; set; }
    public long? Requests { get; set; }
    public int Samples { get; set; }
    public double PeakCpuCores { get; set; }
    public double PeakMemoryMb { get; set; }
}

/// <summary>A price: Scope "Default" (Name empty), "Group" or "Location" with the group or location name.</summary>
public sealed class CostPriceRow
{
    public int Id { get; set; }
    public required string Scope { get; set; }
    public string Name { get; set; } = "";
    public decimal CpuCoreHour { get; set; }
    public decimal GbHour { get; set; }
}

/// <summary>Fleet-wide cost settings (one row, Id 1): the currency and the daily cost alert threshold.</summary>
public sealed class CostSettingsRow
{
    public int Id { get; set; } = 1;
    public string Currency { get; set; } = McpConsole.Core.Costs.Price.DefaultCurrency;

    /// <summary>Alert when the fleet's cost over the last 24 h is above this (null: no alert).</summary>
    public decimal? DailyThreshold { get; set; }
}

/// <summary>A recommendation dismissed for good or snoozed until a time ("{serverId}:{kind}").</summary>
public sealed class RecommendationDecisionRow
{
    public required string Key { get; set; }
    public int ServerId { get; set; }
    public DateTimeOffset? SnoozedUntil { get; set; }
    public bool Dismissed { get; set; }
    public required string DecidedBy { get; set; }
    public DateTimeOffset DecidedAt { get; set; }
}

internal sealed class CostConfiguration :
    IEntityTypeConfiguration<ResourceSampleRow>, IEntityTypeConfiguration<ResourceHourRow>, IEntityTypeConfiguration<CostPriceRow>,
    IEntityTypeConfiguration<CostSettingsRow>, IEntityTypeConfiguration<RecommendationDecisionRow>
{
    public void Configure(EntityTypeBuilder<ResourceSampleRow> b)
    {
        b.ToTable("ResourceSamples");
        b.HasKey(r => new { r.ServerId, r.At });
        b.HasOne<McpServer>().WithMany().HasForeignKey(r => r.ServerId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(r => r.At);
    }

    public void Configure(EntityTypeBuilder<ResourceHourRow> b)
    {
        b.ToTable("ResourceHours");
        b.HasKey(r => new { r.ServerId, r.BucketStart });
        b.HasOne<McpServer>().WithMany().HasForeignKey(r => r.ServerId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(r => r.BucketStart);
    }

    public void Configure(EntityTypeBuilder<CostPriceRow> b)
    {
        b.ToTable("CostPrices");
        b.Property(p => p.Scope).HasMaxLength(20);
        b.Property(p => p.Name).HasMaxLength(100);
        b.HasIndex(p => new { p.Scope, p.Name }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<CostSettingsRow> b)
    {
        b.ToTable("CostSettings");
        b.Property(s => s.Id).ValueGeneratedNever();
        b.Property(s => s.Currency).HasMaxLength(10);
    }

    public void Configure(EntityTypeBuilder<RecommendationDecisionRow> b)
    {
        b.ToTable("RecommendationDecisions");
        b.HasKey(d => d.Key);
        b.Property(d => d.Key).HasMaxLength(60);
        b.HasOne<McpServer>().WithMany().HasForeignKey(d => d.ServerId).OnDelete(DeleteBehavior.Cascade);
    }
}
