using McpConsole.Web.Features.Audit;
using McpConsole.Web.Features.Backups.Sources;
using McpConsole.Web.Features.Fleet;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace McpConsole.Web.Features.Backups;

/// <summary>
/// Brings the running console onto a restored copy of its own database, with no restart:
/// 1. SQLite's backup API copies the verified copy over the live file in one write transaction (atomic: every
///    reader sees either the old or the restored data, never a mix; the live file keeps WAL);
/// 2. pooled connections are cleared so nothing keeps a stale handle or page cache;
/// 3. migrations run (the backup may predate the current schema);
/// 4. what must outlive a restore is carried forward: Data Protection keys created after the backup (secrets encrypted
///    since then stay readable), API key revocations (a key revoked or deleted since the backup stays unusable) and
///    audit rows written since the backup (a restore erases no tracks);
/// 5. every cached view of the registry is told to reload (probe scheduler, connections), and plans are rescheduled.
/// Steps 2-5 run whatever happens to the caller's token: once the file is copied, stopping half-way would leave the
/// console on restored data without its revocations and audit trail.
/// </summary>
public sealed class ConsoleDatabaseRestorer(ConsoleDatabaseCapture live, IDbContextFactory<ConsoleDbContext> dbFactory, IServiceProvider services,
    RegistryChanges registryChanges, TimeProvider clock, ILogger<ConsoleDatabaseRestorer> logger)
{
    public event Func<CancellationToken, Task>? Restored;

    public async Task RestoreAsync(string verifiedCopy, CancellationToken ct)
    {
        var keysBefore = await KeysAsync(ct);
        var serversBefore = await ServersAsync(ct);
        var lastAuditInCopy = LastAuditId(verifiedCopy);
        var carried = await CarriedTracksAsync(lastAuditInCopy, ct);

        await Task.Run(() =>
        {
            using var from = ConsoleDatabaseCapture.Open(verifiedCopy, SqliteOpenMode.ReadOnly);
            using var to = ConsoleDatabaseCapture.Open(live.LivePath, SqliteOpenMode.ReadWrite);
            from.BackupDatabase(to);
        }, ct);

        var none = CancellationToken.None; // the copy is done: the rest must run to its end
        SqliteConnection.ClearAllPools();
        await services.MigrateDatabaseAsync(none);

        await using (var db = await dbFactory.CreateDbContextAsync(none))
        {
            var present = await db.DataProtectionKeys.Select(k => k.FriendlyName).ToListAsync(none);
            var missing = keysBefore.Where(k => !present.Contains(k.FriendlyName)).ToList();
            foreach (var key in missing)
                db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = key.FriendlyName, Xml = key.Xml });
            await db.SaveChangesAsync(none);
            if (missing.Count > 0)
                logger.LogInformation("Carried {Count} newer Data Protection key(s) into the restored database", missing.Count);
        }

        await CarryForwardAsync(carried);

        foreach (var (id, name) in serversBefore.Concat(await ServersAsync(none)).Distinct())
            registryChanges.Publish(new RegistryChange(id, name, RegistryChangeKind.Updated));
        if (Restored is { } restored)
            await restored(none);
        logger.LogWarning("The console database was restored from a backup; the console now runs on the restored data");
    }

    private async Task<CarriedTracks> CarriedTracksAsync(long lastAuditInCopy, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var keys = await db.ApiKeys.AsNoTracking().Select(k => new { k.SecretHash, k.RevokedAt }).ToListAsync(ct);
        var audit = await db.AuditLog.AsNoTracking().Where(a => a.Id > lastAuditInCopy).OrderBy(a => a.Id).ToListAsync(ct);
        return new CarriedTracks(keys.ToDictionary(k => k.SecretHash, k => k.RevokedAt), audit);
    }

    private async Task CarryForwardAsync(CarriedTracks carried)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        var revoked = 0;
        foreach (var key in await db.ApiKeys.Where(k => k.RevokedAt == null).ToListAsync(CancellationToken.None))
        {
            // Revoked since the backup, or deleted since (absent from the live database): not usable again.
            if (!carried.Keys.TryGetValue(key.SecretHash, out var revokedAt) || revokedAt is not null)
            {
                key.RevokedAt = revokedAt ?? clock.GetUtcNow();
                revoked++;
            }
        }

        var lastInRestored = await db.AuditLog.MaxAsync(a => (long?)a.Id, CancellationToken.None) ?? 0;
        var audit = carried.Audit.Where(a => a.Id > lastInRestored).ToList();
        db.AuditLog.AddRange(audit);
        await db.SaveChangesAsync(CancellationToken.None);
        if (revoked > 0 || audit.Count > 0)
            logger.LogInformation("Carried {Revoked} API key revocation(s) and {Audit} audit row(s) newer than the backup into the restored database", revoked, audit.Count);
    }

    private static long LastAuditId(string verifiedCopy)
    {
        using var connection = ConsoleDatabaseCapture.Open(verifiedCopy, SqliteOpenMode.ReadOnly);
        using var command = connection.CreateCommand();
        // A backup from before the audit log existed has no such table: every live row is newer.
        command.CommandText = """
            SELECT CASE WHEN EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'AuditLog')
                THEN (SELECT COALESCE(MAX("Id"), 0) FROM "AuditLog") ELSE 0 END
            """;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<List<DataProtectionKey>> KeysAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.DataProtectionKeys.AsNoTracking().ToListAsync(ct);
    }

    private async Task<List<(int, string)>> ServersAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return (await db.Servers.AsNoTracking().Select(s => new { s.Id, s.Name }).ToListAsync(ct)).Select(s => (s.Id, s.Name)).ToList();
    }

    /// <summary>What the live database holds before the copy: every key's revocation (by secret hash), and newer audit rows.</summary>
    private sealed record CarriedTracks(Dictionary<string, DateTimeOffset?> Keys, List<AuditEntry> Audit);
}
