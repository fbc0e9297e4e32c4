using System.Text.Json;
using McpConsole.Core.Backups;
using McpConsole.Web.Features.Audit;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace McpConsole.Web.Features.Backups.Sources;

/// <summary>The sources backups can be taken from: the console database plus the registered ones.</summary>
public sealed class SourceCatalog(IDbContextFactory<ConsoleDbContext> dbFactory, IDataProtectionProvider protection, TimeProvider clock, AuditLog audit)
{
    public const string Purpose = "McpConsole.BackupSources.v1";
    private readonly IDataProtector _protector = protection.CreateProtector(Purpose);

    public static readonly SourceRef ConsoleDatabase = new(SourceRef.ConsoleDatabaseKey, "Console database", BackupSourceKind.ConsoleDatabase, null, null);

    public async Task<IReadOnlyList<SourceView>> ListAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stored = await db.Set<BackupSource>().AsNoTracking().OrderBy(s => s.Name).ToListAsync(ct);
        return [new SourceView(ConsoleDatabase.Key, ConsoleDatabase.Name, ConsoleDatabase.Kind.ToString(), null),
            .. stored.Select(s => new SourceView(SourceRef.KeyFor(s.Id), s.Name, s.Kind, s.Path))];
    }

    /// <summary>The source with its secret decrypted, or null when the key names nothing.</summary>
    public async Task<SourceRef?> FindAsync(string key, CancellationToken ct)
    {
        if (key == SourceRef.ConsoleDatabaseKey)
            return ConsoleDatabase;
        if (!key.StartsWith("source-", StringComparison.Ordinal) || !int.TryParse(key["source-".Length..], out var id))
            return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var s = await db.Set<BackupSource>().AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (s is null || !Enum.TryParse<BackupSourceKind>(s.Kind, out var kind))
            return null;
        var connection = s.ConnectionProtected is null ? null : _protector.Unprotect(s.ConnectionProtected);
        return new SourceRef(key, s.Name, kind, s.Path, connection);
    }

    /// <summary>Registers a source (Admin only: it reads, and on restore writes, on this host); audited, refused or not.</summary>
    public async Task<(SourceView? Source, string? Error)> AddAsync(SourceInput input, string actor, CancellationToken ct)
    {
        var (source, error) = await ValidateAndAddAsync(input, ct);
        await audit.RecordAsync(new AuditRecord(actor, "backup.source.add", input.Name ?? "", error ?? $"{input.Kind} {input.Path}", error is null), CancellationToken.None);
        return (source, error);
    }

    private async Task<(SourceView? Source, string? Error)> ValidateAndAddAsync(SourceInput input, CancellationToken ct)
    {
        var name = input.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 100)
            return (null, "name is required (at most 100 characters)");
        if (!Enum.TryParse<BackupSourceKind>(input.Kind, ignoreCase: true, out var kind) || kind == BackupSourceKind.ConsoleDatabase)
            return (null, "kind must be 'Files' or 'PostgreSql'");
        string? path = null;
        string? connectionProtected = null;
        if (kind == BackupSourceKind.Files)
        {
            if (string.IsNullOrWhiteSpace(input.Path) || !Path.IsPathFullyQualified(input.Path))
                return (null, "path must be an absolute file or folder path");
            if (!File.Exists(input.Path) && !Directory.Exists(input.Path))
                return (null, $"'{input.Path}' does not exist on this host");
            path = Path.GetFullPath(input.Path);
        }
        else
        {
            if (string.IsNullOrWhiteSpace(input.ConnectionString))
                return (null, "connectionString is required for a PostgreSQL source");
            try
            {
                _ = PostgresConnection.Parse(input.ConnectionString);
            }
            catch (ArgumentException ex)
            {
                return (null, ex.Message);
            }
            connectionProtected = _protector.Protect(input.ConnectionString);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Set<BackupSource>().AnyAsync(s => s.Name == name, ct))
            return (null, $"a source named '{name}' already exists");
        var entity = new BackupSource { Name = name, Kind = kind.ToString(), Path = path, ConnectionProtected = connectionProtected, CreatedAt = clock.GetUtcNow() };
        db.Add(entity);
        await db.SaveChangesAsync(ct);
        return (new SourceView(SourceRef.KeyFor(entity.Id), entity.Name, entity.Kind, entity.Path), null);
    }

    public async Task<bool> DeleteAsync(string key, string actor, CancellationToken ct)
    {
        if (!key.StartsWith("source-", StringComparison.Ordinal) || !int.TryParse(key["source-".Length..], out var id))
            return false;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var deleted = await db.Set<BackupSource>().Where(s => s.Id == id).ExecuteDeleteAsync(ct) > 0;
        if (deleted)
            await audit.RecordAsync(new AuditRecord(actor, "backup.source.delete", key), CancellationToken.None);
        return deleted;
    }

    public static string Describe(SourceRef s) => JsonSerializer.Serialize(new { s.Key, s.Name, Kind = s.Kind.ToString(), s.Path });
}

public sealed record SourceView(string Key, string Name, string Kind, string? Path);

public sealed record SourceInput(string? Name, string? Kind, string? Path, string? ConnectionString);
