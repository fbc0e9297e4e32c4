using McpConsole.Core.Backups;
using McpConsole.Core.Text;
using McpConsole.Web.Features.Audit;
using McpConsole.Web.Features.Backups.Plans;
using McpConsole.Web.Features.Backups.Sources;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;

namespace McpConsole.Web.Features.Backups.Recovery;

/// <summary>
/// At start, before any backup can run: finishes or reports a restore the console was killed in, removes what
/// interrupted backups left, and tells the operator what it found and did: a warning in the log, an entry in the audit
/// log (actor "system") and a backup event on the Backups page.
/// </summary>
public sealed class InterruptedOperations(BackupStore store, RestoreJournal journal, SourceCatalog sources, IDbContextFactory<ConsoleDbContext> dbFactory,
    AuditLog audit, TimeProvider clock, ILogger<InterruptedOperations> logger)
{
    public const string EventKind = "Interrupted";

    public async Task<IReadOnlyList<string>> CleanUpAsync(CancellationToken ct)
    {
        var found = new List<(string Target, string Subject, string Message)>();
        if (await FinishRestoreAsync(ct) is { } restore)
            found.Add(restore);
        found.AddRange(store.RemoveIncomplete().Select(line => ("backups", "backups directory", line)));
        foreach (var (target, subject, message) in found)
        {
            logger.LogWarning("Interrupted operation cleaned up at start: {Message}", message);
            await audit.RecordAsync(new AuditRecord("system", "backup.recovery", target, message, Succeeded: false), ct);
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            db.Add(new BackupEvent { Kind = EventKind, SourceKey = subject, Message = SafeText.Cut(message, 4000), Timestamp = clock.GetUtcNow() });
            await db.SaveChangesAsync(ct);
        }

        return found.Select(f => f.Message).ToList();
    }

    private async Task<(string, string, string)?> FinishRestoreAsync(CancellationToken ct)
    {
        var entry = journal.Read(out var problem);
        if (entry is null)
        {
            if (problem is null)
                return null;
            journal.Remove();
            return ("restore", "restore", $"a restore was interrupted and {problem}; check the restored source and its safety backup");
        }

        var what = $"restore of backup {entry.BackupId} to '{entry.SourceName}' (started {entry.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC) was interrupted";
        string message;
        if (entry.Stage == RestoreStage.Checking)
            message = $"{what} before anything was changed; '{entry.SourceName}' was left as before";
        else
            message = entry.SourceKind switch
            {
                BackupSourceKind.Files => await FinishFilesAsync(entry, what, ct),
                // The copy is one SQLite write transaction: it either committed or left no trace. What runs after it
                // (carrying newer keys, revocations and audit rows forward) may not have run.
                BackupSourceKind.ConsoleDatabase => $"{what} while the console database was being replaced; SQLite's copy is all-or-nothing, so the console runs on either the data from before or the restored data; "
                    + $"if on the restored data, API key revocations and audit entries newer than the backup may be missing: check the API keys (safety backup {entry.SafetyBackupId} holds the state from before)",
                _ => $"{what} while pg_restore ran; the database may be partly restored: restore it again, or restore safety backup {entry.SafetyBackupId} for the state from before",
            };
        BackupVerifier.TryDeleteDirectory(entry.Scratch);
        journal.Remove();
        return (entry.BackupId, entry.SourceKey, message);
    }

    /// <summary>The verified content is still in the scratch directory: swapping it in again completes the restore.</summary>
    private async Task<string> FinishFilesAsync(RestoreJournalEntry entry, string what, CancellationToken ct)
    {
        var content = Path.Combine(entry.Scratch, "content");
        var manifest = store.Find(entry.BackupId)?.Manifest;
        var source = await sources.FindAsync(entry.SourceKey, ct);
        if (manifest is null || source?.Path is null || !Directory.Exists(content))
            return $"{what} while files were being replaced and could not be finished (its content is gone); restore it again, or restore safety backup {entry.SafetyBackupId} for the state from before";
        var root = FileCapture.RestoreRoot(source.Path);
        try
        {
            RestoreService.ReplaceFiles(manifest, content, root);
            RestoreService.RemoveLeftovers(manifest, root);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or UnsafeArchivePathException)
        {
            return $"{what} while files were being replaced and could not be finished at start ({ex.Message}); restore it again, or restore safety backup {entry.SafetyBackupId} for the state from before";
        }

        return $"{what} while files were being replaced; the restore was finished at start: all {manifest.Files.Count} file(s) of the backup are in place (safety backup {entry.SafetyBackupId} holds the state from before)";
    }
}
