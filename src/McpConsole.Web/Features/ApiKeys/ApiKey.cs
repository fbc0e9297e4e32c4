using McpConsole.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace McpConsole.Web.Features.ApiKeys;

/// <summary>An automation key. Only a SHA-256 hash of the secret is stored; the key is shown once, at creation.</summary>
public sealed class ApiKey
{
    public int Id { get; set; }
    public required string Name { get; set; }

    /// <summary>The public first part of the key ("mcpc_ab12cd34"), used to find the row and to tell keys apart in the UI.</summary>
    public required string Prefix { get; set; }
    public required string SecretHash { get; set; }
    public ConsoleRole Role { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> b)
    {
        b.ToTable("ApiKeys");
        b.Property(k => k.Name).HasMaxLength(100);
        b.Property(k => k.Prefix).HasMaxLength(32);
        b.HasIndex(k => k.Prefix).IsUnique();
        b.Property(k => k.SecretHash).HasMaxLength(64);
        b.HasIndex(k => k.SecretHash).IsUnique();
        b.Property(k => k.Role).HasConversion<string>().HasMaxLength(16);
    }
}
