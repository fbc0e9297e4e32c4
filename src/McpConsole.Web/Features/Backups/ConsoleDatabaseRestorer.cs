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
/// 4. Data Protection keys created after the backup are carried forward (secrets encrypted since then stay readable);
/// 5. every cached view of the registry is told to reload (probe scheduler, connections), and plans are rescheduled.
/// </summary>
public sealed class ConsoleDatabaseRestorer(ConsoleDatabaseCapture live, IDbContextFactory<ConsoleDbContext> dbFactory, IServiceProvider services,
    RegistryChanges registryChanges, ILogger<ConsoleDatabaseRestorer> logger)
{
    public event Func<CancellationToken, Task>? Restored;

    public async Task RestoreAsync(string verifiedCopy, CancellationToken ct)
    {
        var keysBefore = await KeysAsync(ct);
        var serversBefore = await ServersAsync(ct);

        await Task.Run(() =>
        {
            using var from = ConsoleDatabaseCapture.Open(verifiedCopy, SqliteOpenMode.ReadOnly);
            using var to = ConsoleDatabaseCapture.Open(live.LivePath, SqliteOpenMode.ReadWrite);
            from.BackupDatabase(to);
        }, ct);
        SqliteConnection.ClearAllPools();
        await services.MigrateDatabaseAsync(ct);

        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var present = await db.DataProtectionKeys.Select(k => k.FriendlyName).ToListAsync(ct);
            var missing = keysBefore.Where(k => !present.Contains(k.FriendlyName)).ToList();
            foreach (var key in missing)
                db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = key.FriendlyName, Xml = key.Xml });
            await db.SaveChangesAsync(ct);
            if (missing.Count > 0)
                logger.LogInformation("Carried {Count} newer Data Protection key(s) into the restored database", missing.Count);
        }

        foreach (var (id, name) in serversBefore.Concat(await ServersAsync(ct)).Distinct())
            registryChanges.Publish(new RegistryChange(id, name, RegistryChangeKind.Updated));
        if (Restored is { } restored)
            await restored(ct);
        logger.LogWarning("The console database was restored from a backup; the console now runs on the restored data");
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
}
