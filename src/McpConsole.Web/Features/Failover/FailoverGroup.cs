using McpConsole.Core.Failover;
using McpConsole.Web.Features.Fleet;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace McpConsole.Web.Features.Failover;

/// <summary>A primary and its standbys with a policy. <see cref="Version"/> guards every write (conditional update).</summary>
public sealed class FailoverGroup
{
    public int Id { get; set; }
    public required string Name { get; set; }

    public int PreferredPrimaryId { get; set; }
    public int ActiveServerId { get; set; }

    /// <summary>The group's generation: promotions use Epoch + 1; claimed in the database before any promote call.</summary>
    public long Epoch { get; set; }

    /// <summary>FailoverState name.</summary>
    public string State { get; set; } = nameof(FailoverState.Healthy);
    public int PrimaryFailures { get; set; }
    public DateTimeOffset StateSince { get; set; }

    public int CheckIntervalSeconds { get; set; } = 10;
    public int FailuresBeforeFailover { get; set; } = 3;
    public int TimeoutMs { get; set; } = 5000;
    public bool AutomaticFailback { get; set; }
    public int StableChecksBeforeEligible { get; set; } = 3;

    /// <summary>Optional URL that receives a JSON POST on every transition (e.g. to reload a load balancer).</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>Optional program run on each transition (Admin only: it runs on this host); null = none.</summary>
    public string? TransitionCommand { get; set; }

    /// <summary>Its arguments, a JSON array of strings, each passed as one argument (no shell).</summary>
    public string? TransitionCommandArgumentsJson { get; set; }

    public int TransitionCommandTimeoutSeconds { get; set; } = TransitionCommandSpec.DefaultTimeoutSeconds;

    public bool Enabled { get; set; } = true;
    public DateTimeOffset? LastCheckedAt { get; set; }
    public DateTimeOffset NextCheckAt { get; set; }

    /// <summary>Incremented by every write; a write that finds another version changes nothing.</summary>
    public long Version { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public List<FailoverMember> Members { get; set; } = [];

    public FailoverPolicy Policy => new()
    {
        CheckInterval = TimeSpan.FromSeconds(CheckIntervalSeconds),
        FailuresBeforeFailover = FailuresBeforeFailover,
        Timeout = TimeSpan.FromMilliseconds(TimeoutMs),
        AutomaticFailback = AutomaticFailback,
        StableChecksBeforeEligible = StableChecksBeforeEligible,
    };
}

/// <summary>A server of a group (the active one included) with what the checks found.</summary>
public sealed class FailoverMember
{
    public int GroupId { get; set; }
    public int ServerId { get; set; }

    /// <summary>Promotion order (0 = defined primary).</summary>
    public int Position { get; set; }
    public bool Healthy { get; set; }
    public int ConsecutiveSuccesses { get; set; }
    public bool NeedsFencing { get; set; }
    public bool WasPrimary { get; set; }
    public DateTimeOffset? LastCheckedAt { get; set; }

    /// <summary>Probe failure text: untrusted, render as text.</summary>
    public string? LastError { get; set; }
}

/// <summary>One step on a group's timeline.</summary>
public sealed class FailoverEvent
{
    public long Id { get; set; }
    public int GroupId { get; set; }
    public DateTimeOffset At { get; set; }

    /// <summary>FailoverEventKind name.</summary>
    public required string Kind { get; set; }
    public long Epoch { get; set; }
    public int? ServerId { get; set; }
    public string? ServerName { get; set; }

    /// <summary>"automatic" or "operator:NAME".</summary>
    public required string Trigger { get; set; }
    public required string Message { get; set; }
    public bool Critical { get; set; }
}

internal sealed class FailoverConfiguration :
    IEntityTypeConfiguration<FailoverGroup>, IEntityTypeConfiguration<FailoverMember>, IEntityTypeConfiguration<FailoverEvent>
{
    public void Configure(EntityTypeBuilder<FailoverGroup> b)
    {
        b.ToTable("FailoverGroups");
        b.Property(g => g.Name).HasMaxLength(100);
        b.HasIndex(g => g.Name).IsUnique();
        b.Property(g => g.State).HasMaxLength(30);
        b.Property(g => g.WebhookUrl).HasMaxLength(2000);
        b.Property(g => g.TransitionCommand).HasMaxLength(1000);
        b.Property(g => g.Version).IsConcurrencyToken();
        b.HasMany(g => g.Members).WithOne().HasForeignKey(m => m.GroupId).OnDelete(DeleteBehavior.Cascade);
        b.Ignore(g => g.Policy);
    }

    public void Configure(EntityTypeBuilder<FailoverMember> b)
    {
        b.ToTable("FailoverMembers");
        b.HasKey(m => new { m.GroupId, m.ServerId });
        // A server belongs to at most one group: two groups could otherwise both promote it.
        b.HasIndex(m => m.ServerId).IsUnique();
        // Removing a server removes its membership; a group whose active server is gone fails over on its next checks.
        b.HasOne<McpServer>().WithMany().HasForeignKey(m => m.ServerId).OnDelete(DeleteBehavior.Cascade);
        b.Property(m => m.LastError).HasMaxLength(2000);
    }

    public void Configure(EntityTypeBuilder<FailoverEvent> b)
    {
        b.ToTable("FailoverEvents");
        b.HasOne<FailoverGroup>().WithMany().HasForeignKey(e => e.GroupId).OnDelete(DeleteBehavior.Cascade);
        b.Property(e => e.Kind).HasMaxLength(30);
        b.Property(e => e.ServerName).HasMaxLength(100);
        b.Property(e => e.Trigger).HasMaxLength(200);
        b.Property(e => e.Message).HasMaxLength(2000);
        b.HasIndex(e => new { e.GroupId, e.At });
    }
}
