using McpConsole.Core.Backups;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace McpConsole.Web.Features.Backups.Sources;

/// <summary>
/// A registered backup source: a configuration file or folder, or a PostgreSQL database used by an MCP server
/// (its connection string encrypted with ASP.NET Data Protection). The console's own database is always a source
/// and is not stored here.
/// </summary>
public sealed class BackupSource
{
    public int Id { get; set; }
    public required string Name { get; set; }
    /// <summary>Files or PostgreSql (<see cref="BackupSourceKind"/>).</summary>
    public required string Kind { get; set; }
    /// <summary>File or folder (Files sources).</summary>
    public string? Path { get; set; }
    /// <summary>Encrypted connection string (PostgreSql sources).</summary>
    public string? ConnectionProtected { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class BackupSourceConfiguration : IEntityTypeConfiguration<BackupSource>
{
    public void Configure(EntityTypeBuilder<BackupSource> b)
    {
        b.ToTable("BackupSources");
        b.Property(s => s.Name).HasMaxLength(100);
        b.HasIndex(s => s.Name).IsUnique();
        b.Property(s => s.Kind).HasMaxLength(20);
        b.Property(s => s.Path).HasMaxLength(2000);
    }
}

/// <summary>A source resolved for one backup or restore (secrets decrypted, only in memory).</summary>
public sealed record SourceRef(string Key, string Name, BackupSourceKind Kind, string? Path, string? ConnectionString)
{
    public const string ConsoleDatabaseKey = "console-db";

    public static string KeyFor(int id) => $"source-{id}";

    public override string ToString() => $"{Key} ({Kind}) {Name}";
}
