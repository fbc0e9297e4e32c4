using McpConsole.Core.Backups;
using McpConsole.Web.Features.Backups.Recovery;
using McpConsole.Web.Features.Backups.Sources;

namespace McpConsole.Web.Features.Backups;

/// <summary>What a restore would do, for the preview.</summary>
public sealed record RestorePreviewView(BackupView Backup, string Target, IReadOnlyList<FileChange> Changes, TimeSpan BackupAge, string? RefusedBecause);

/// <summary>
/// Restores a backup to the source it came from. Order: typed confirmation, full verification (corrupt = refused),
/// safety backup of the current state, extraction to scratch with checksums checked again, then each file replaced
/// atomically (written beside its target, flushed, renamed over it). A <see cref="RestoreJournal"/> says where it is,
/// so a console killed mid-restore finishes the swap at its next start (<see cref="InterruptedOperations"/>).
/// </summary>
public sealed class RestoreService(BackupStore store, BackupVerifier verifier, BackupRunner runner, SourceCatalog sources,
    ConsoleDatabaseCapture consoleDb, ConsoleDatabaseRestorer consoleRestorer, PostgresTools postgres, RestoreJournal journal, TimeProvider clock)
{
    public async Task<RestorePreviewView?> PreviewAsync(string id, CancellationToken ct)
    {
        var backup = store.Find(id);
        if (backup is null)
            return null;
        var view = BackupView.From(backup);
        if (!backup.IsRestorable)
            return new RestorePreviewView(view, "", [], TimeSpan.Zero, "this backup is corrupt and can never be restored: " + string.Join("; ", backup.State.Problems));
        var manifest = backup.Manifest!;
        var source = await sources.FindAsync(manifest.SourceKey, ct);
        if (source is null)
            return new RestorePreviewView(view, "", [], clock.GetUtcNow() - manifest.CreatedAt, "its source is no longer registered");
        var (target, current) = CurrentState(source);
        var preview = RestorePreview.Compute(manifest, current, clock.GetUtcNow());
        return new RestorePreviewView(view, target, preview.Changes, preview.BackupAge, null);
    }

    private (string Target, IReadOnlyList<CurrentFile> Files) CurrentState(SourceRef source)
    {
        switch (source.Kind)
        {
            case BackupSourceKind.ConsoleDatabase:
                var info = new FileInfo(consoleDb.LivePath);
                var wal = new FileInfo(consoleDb.LivePath + "-wal");
                // The live database changes every few seconds (probes); it always counts as replaced. Its size includes the WAL.
                return (consoleDb.LivePath, [new CurrentFile(ConsoleDatabaseCapture.EntryName, info.Length + (wal.Exists ? wal.Length : 0), "live",
                    wal.Exists && wal.LastWriteTimeUtc > info.LastWriteTimeUtc ? wal.LastWriteTimeUtc : info.LastWriteTimeUtc)]);
            case BackupSourceKind.Files:
                var root = FileCapture.RestoreRoot(source.Path!);
                var files = File.Exists(source.Path) || Directory.Exists(source.Path) ? FileCapture.Enumerate(source.Path!) : [];
                return (root, files.Select(f => new CurrentFile(f.Relative, new FileInfo(f.Full).Length, Sha256Of(f.Full), File.GetLastWriteTimeUtc(f.Full))).ToList());
            default:
                var connection = PostgresConnection.Parse(source.ConnectionString!);
                return ($"postgresql://{connection.Host}:{connection.Port}/{connection.Database}",
                    [new CurrentFile(PostgresTools.DumpEntryName, 0, "live", DateTimeOffset.MinValue)]);
        }
    }

    /// <summary>Call inside <see cref="BackupGate"/>. Returns the safety backup's id.</summary>
    public async Task<RestoreOutcome> RestoreAsync(string id, string? confirmation, Action<BackupProgress> progress, CancellationToken ct)
    {
        if (!RestoreConfirmation.Matches(id, confirmation))
            return RestoreOutcome.Refused($"type the backup id '{id}' to confirm the restore");
        var backup = store.Find(id);
        if (backup is null)
            return RestoreOutcome.Refused("no such backup");
        if (!backup.IsRestorable)
            return RestoreOutcome.Refused("this backup is corrupt and can never be restored: " + string.Join("; ", backup.State.Problems));
        var source = await sources.FindAsync(backup.Manifest!.SourceKey, ct);
        if (source is null)
            return RestoreOutcome.Refused("its source is no longer registered");

        var scratch = store.ScratchDirectory();
        var entry = new RestoreJournalEntry(id, source.Key, source.Name, source.Kind, scratch, clock.GetUtcNow(), RestoreStage.Checking);
        journal.Write(entry);
        try
        {
            var (state, _) = await verifier.VerifyAndExtractAsync(id, scratch, progress, ct);
            if (state is not { Status: BackupStatus.Verified })
                return RestoreOutcome.Refused("verification failed, nothing was changed: " + string.Join("; ", state?.Problems ?? []));

            progress(new BackupProgress("Safety backup of the current state", 0, null));
            var safety = await runner.RunAsync(source, planId: null, isSafetyBackup: true, progress, ct);
            if (safety.State.Status != BackupStatus.Verified)
                return RestoreOutcome.Refused("the safety backup of the current state did not verify, nothing was changed");

            journal.Write(entry with { Stage = RestoreStage.Replacing, SafetyBackupId = safety.Id });
            progress(new BackupProgress("Replacing", 0, null));
            var content = Path.Combine(scratch, "content");
            switch (source.Kind)
            {
                case BackupSourceKind.ConsoleDatabase:
                    await consoleRestorer.RestoreAsync(Path.Combine(content, ConsoleDatabaseCapture.EntryName), ct);
                    break;
                case BackupSourceKind.Files:
                    ReplaceFiles(backup.Manifest, content, FileCapture.RestoreRoot(source.Path!));
                    break;
                case BackupSourceKind.PostgreSql:
                    await postgres.RestoreAsync(source, Path.Combine(content, PostgresTools.DumpEntryName), ct);
                    break;
            }
            return new RestoreOutcome(true, null, safety.Id, backup.Manifest.Files.Count);
        }
        finally
        {
            BackupVerifier.TryDeleteDirectory(scratch);
            journal.Remove();
        }
    }

    /// <summary>
    /// Every target path is checked before any file is touched; then each is swapped in with a rename. Run again on the
    /// same content it gives the same result, which is what finishes a restore the console was killed in.
    /// </summary>
    internal static void ReplaceFiles(BackupManifest manifest, string content, string root)
    {
        var targets = manifest.Files.Select(f => (File: f, Target: ArchivePath.Resolve(root, f.Path))).ToList();
        foreach (var (file, target) in targets)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var temp = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.restore-{Guid.NewGuid().ToString("N")[..8]}");
            File.Copy(Path.Combine(content, file.Path.Replace('/', Path.DirectorySeparatorChar)), temp);
            BackupStore.FlushToDisk(temp);
            File.Move(temp, target, overwrite: true);
        }
    }

    /// <summary>Temporary copies a killed restore left beside its targets (".name.restore-xxxxxxxx").</summary>
    internal static void RemoveLeftovers(BackupManifest manifest, string root)
    {
        foreach (var directory in manifest.Files.Select(f => Path.GetDirectoryName(ArchivePath.Resolve(root, f.Path))!).Distinct())
        {
            if (!Directory.Exists(directory))
                continue;
            foreach (var leftover in Directory.EnumerateFiles(directory, ".*.restore-*"))
            {
                try { File.Delete(leftover); }
                catch (IOException) { }
            }
        }
    }

    private static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream));
    }
}

public sealed record RestoreOutcome(bool Succeeded, string? Error, string? SafetyBackupId, int FileCount)
{
    public static RestoreOutcome Refused(string error) => new(false, error, null, 0);
}
