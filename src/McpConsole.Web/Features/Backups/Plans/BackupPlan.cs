using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace McpConsole.Web.Features.Backups.Plans;

/// <summary>A schedule of backups for some sources, with a retention policy and how old the last good backup may get.</summary>
public sealed class BackupPlan
{
    public int Id { get; set; }
    public required string Name { get; set; }
    /// <summary>JSON array of source keys ("console-db", "source-3").</summary>
    public string SourceKeysJson { get; set; } = "[]";
    /// <summary>Cron (UTC); default daily at 02:00.</summary>
    public string Cron { get; set; } = "0 2 * * *";
    public int KeepLast { get; set; } = 3;
    public int KeepDaily { get; set; } = 7;
    public int KeepWeekly { get; set; } = 4;
    public int KeepMonthly { get; set; } = 6;
    /// <summary>A last good backup older than this is a dashboard event.</summary>
    public int MaxAgeHours { get; set; } = 26;
    public bool Enabled { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class BackupPlanConfiguration : IEntityTypeConfiguration<BackupPlan>
{
    public void Configure(EntityTypeBuilder<BackupPlan> b)
    {
        b.ToTable("BackupPlans");
        b.Property(p => p.Name).HasMaxLength(100);
        b.HasIndex(p => p.Name).IsUnique();
        b.Property(p => p.Cron).HasMaxLength(100);
    }
}

/// <summary>A failed backup or a plan whose last good backup is too old: shown on the dashboard.</summary>
public sealed class BackupEvent
{
    public long Id { get; set; }
    public DateTimeOffset Timestamp { get; set; }
    /// <summary>BackupFailed, BackupStale, VerifyFailed.</summary>
    public required string Kind { get; set; }
    public int? PlanId { get; set; }
    public string? SourceKey { get; set; }
    public required string Message { get; set; }
}

internal sealed class BackupEventConfiguration : IEntityTypeConfiguration<BackupEvent>
{
    public void Configure(EntityTypeBuilder<BackupEvent> b)
    {
        b.ToTable("BackupEvents");
        b.Property(e => e.Kind).HasMaxLength(30);
        b.Property(e => e.SourceKey).HasMaxLength(60);
        b.Property(e => e.Message).HasMaxLength(4000);
        b.HasIndex(e => e.Timestamp);
    }
}
