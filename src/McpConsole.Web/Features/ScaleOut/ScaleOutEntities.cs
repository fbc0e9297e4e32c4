using McpConsole.Web.Features.Fleet;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace McpConsole.Web.Features.ScaleOut;

/// <summary>A console instance sharing the PostgreSQL database, as last heard from.</summary>
public sealed class ConsoleInstance
{
    public required string InstanceId { get; set; }
    public required string HostName { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset HeartbeatAt { get; set; }
}

/// <summary>The right to probe one server, held by one instance until <see cref="ExpiresAt"/> (renewed every heartbeat).</summary>
public sealed class ProbeLease
{
    public int ServerId { get; set; }
    public required string InstanceId { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}

internal sealed class ScaleOutConfiguration : IEntityTypeConfiguration<ConsoleInstance>, IEntityTypeConfiguration<ProbeLease>
{
    public void Configure(EntityTypeBuilder<ConsoleInstance> b)
    {
        b.ToTable("ConsoleInstances");
        b.HasKey(i => i.InstanceId);
        b.Property(i => i.InstanceId).HasMaxLength(200);
        b.Property(i => i.HostName).HasMaxLength(200);
    }

    public void Configure(EntityTypeBuilder<ProbeLease> b)
    {
        b.ToTable("ProbeLeases");
        b.HasKey(l => l.ServerId);
        b.Property(l => l.ServerId).ValueGeneratedNever();
        b.Property(l => l.InstanceId).HasMaxLength(200);
        b.HasIndex(l => l.InstanceId);
        b.HasOne<McpServer>().WithMany().HasForeignKey(l => l.ServerId).OnDelete(DeleteBehavior.Cascade);
    }
}
