using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace McpConsole.Web.Features.Audit;

/// <summary>One thing someone (a user, an API key or the console itself) did, and whether it worked.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset Timestamp { get; set; }

    /// <summary>"admin", "key:ci-deploy (mcpc_ab12cd34)" or "system".</summary>
    public required string Actor { get; set; }

    /// <summary>Dotted verb, e.g. "auth.login", "apikey.created", "server.updated".</summary>
    public required string Action { get; set; }
    public string? Target { get; set; }
    public string? Details { get; set; }
    public bool Succeeded { get; set; } = true;
    public string? RemoteAddress { get; set; }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("AuditLog");
        b.Property(a => a.Actor).HasMaxLength(200);
        b.Property(a => a.Action).HasMaxLength(100);
        b.Property(a => a.Target).HasMaxLength(400);
        b.Property(a => a.Details).HasMaxLength(4000);
        b.Property(a => a.RemoteAddress).HasMaxLength(64);
        b.HasIndex(a => a.Timestamp);
        b.HasIndex(a => new { a.Action, a.Timestamp });
    }
}
