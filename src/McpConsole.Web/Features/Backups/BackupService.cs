using McpConsole.Web.Features.Audit;
using McpConsole.Web.Features.Backups.Sources;

namespace McpConsole.Web.Features.Backups;

/// <summary>What the page, the API and the jobs call: one operation at a time, each audited.</summary>
public sealed class BackupService(BackupStore store, BackupGate gate, BackupRunner runner, BackupVerifier verifier, RestoreService restorer,
    SourceCatalog sources, AuditLog audit, ILogger<BackupService> logger)
{
    public IReadOnlyList<BackupView> List() => store.List().Select(BackupView.From).ToList();

    public BackupView? Get(string id) => store.Find(id) is { } b ? BackupView.From(b) : null;

    public async Task<(BackupView? Backup, string? Error)> BackupNowAsync(string sourceKey, string actor, Action<BackupProgress>? progress, CancellationToken ct, int? planId = null)
    {
        var source = await sources.FindAsync(sourceKey, ct);
        if (source is null)
            return (null, $"no backup source '{sourceKey}'");
        using (await gate.EnterAsync(ct))
        {
            try
            {
                var backup = await runner.RunAsync(source, planId, isSafetyBackup: false, progress ?? (_ => { }), ct);
                await audit.RecordAsync(new AuditRecord(actor, "backup.create", backup.Id, $"{source.Name}: {backup.State.Status}, {backup.ArchiveSize:N0} bytes"), CancellationToken.None);
                return (BackupView.From(backup), null);
            }
            catch (Exception ex) when (ex is BackupSourceException or IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
            {
                logger.LogError(ex, "Backup of {Source} failed", source.Key);
                await audit.RecordAsync(new AuditRecord(actor, "backup.create", source.Key, ex.Message, Succeeded: false), CancellationToken.None);
                return (null, $"the backup of '{source.Name}' failed: {ex.Message}");
            }
        }
    }

    public async Task<BackupState?> VerifyAsync(string id, string actor, Action<BackupProgress>? progress, CancellationToken ct)
    {
        using (await gate.EnterAsync(ct))
        {
            var state = await verifier.VerifyAsync(id, progress ?? (_ => { }), ct);
            if (state is not null && actor != "system")
                await audit.RecordAsync(new AuditRecord(actor, "backup.verify", id, state.Status + (state.Problems.Count > 0 ? ": " + string.Join("; ", state.Problems) : ""),
                    state.Status == BackupStatus.Verified), CancellationToken.None);
            return state;
        }
    }

    public Task<RestorePreviewView?> PreviewAsync(string id, CancellationToken ct) => restorer.PreviewAsync(id, ct);

    public async Task<RestoreOutcome> RestoreAsync(string id, string? confirmation, string actor, Action<BackupProgress>? progress, CancellationToken ct)
    {
        RestoreOutcome outcome;
        using (await gate.EnterAsync(ct))
        {
            try
            {
                outcome = await restorer.RestoreAsync(id, confirmation, progress ?? (_ => { }), ct);
            }
            catch (Exception ex) when (ex is BackupSourceException or IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException or Core.Backups.UnsafeArchivePathException)
            {
                logger.LogError(ex, "Restore of {Id} failed", id);
                outcome = RestoreOutcome.Refused($"the restore failed: {ex.Message}");
            }
        }
        // Recorded after the restore, so a restored console database keeps the record of its own restore.
        await audit.RecordAsync(new AuditRecord(actor, "backup.restore", id,
            outcome.Succeeded ? $"{outcome.FileCount} file(s) restored; safety backup {outcome.SafetyBackupId}" : outcome.Error, outcome.Succeeded), CancellationToken.None);
        return outcome;
    }

    public async Task<bool> DeleteAsync(string id, string actor, CancellationToken ct)
    {
        bool safety;
        using (await gate.EnterAsync(ct))
        {
            if (store.Find(id) is not { } backup)
                return false;
            safety = backup.Manifest?.IsSafetyBackup ?? false;
            store.Delete(id);
        }
        await audit.RecordAsync(new AuditRecord(actor, "backup.delete", id, safety ? "safety backup" : null), CancellationToken.None);
        return true;
    }

    /// <summary>An attempt to delete a backup without the role it takes (a safety backup): recorded, nothing deleted.</summary>
    public Task RecordRefusedDeleteAsync(string id, string actor) =>
        audit.RecordAsync(new AuditRecord(actor, "backup.delete", id, "refused: deleting a safety backup takes an Admin", Succeeded: false), CancellationToken.None);
}
