using McpConsole.Core.Backups;
using McpConsole.Web.Features.Backups.Archives;
using McpConsole.Web.Features.Backups.Sources;

namespace McpConsole.Web.Features.Backups;

/// <summary>
/// Proves a backup whole: every checksum recomputed from the archive, the archive's own SHA-256, the inner manifest,
/// and a test restore (SQLite integrity_check of the extracted database; pg_restore into a temporary database).
/// </summary>
public sealed class BackupVerifier(BackupStore store, PostgresTools postgres, SourceCatalog sources, TimeProvider clock, ILogger<BackupVerifier> logger)
{
    public async Task<BackupState?> VerifyAsync(string id, Action<BackupProgress> progress, CancellationToken ct)
    {
        var scratch = store.ScratchDirectory();
        try
        {
            var (state, _) = await VerifyAndExtractAsync(id, scratch, progress, ct);
            return state;
        }
        finally
        {
            TryDeleteDirectory(scratch);
        }
    }

    /// <summary>Verifies and leaves the content in <paramref name="scratch"/> (for a restore). Null when the id names no backup.</summary>
    internal async Task<(BackupState? State, StoredBackup? Backup)> VerifyAndExtractAsync(string id, string scratch, Action<BackupProgress> progress, CancellationToken ct)
    {
        var backup = store.Find(id);
        if (backup is null)
            return (null, null);
        var problems = new List<string>();
        if (backup.Manifest is null)
            problems.AddRange(backup.State.Problems);
        else if (!File.Exists(store.ArchivePath(id)))
            problems.Add("the archive file is missing");
        else
            problems.AddRange(await CheckArchiveAsync(backup.Manifest, store.ArchivePath(id), scratch, progress, ct));

        var state = store.WriteState(id, new BackupState(problems.Count == 0 ? BackupStatus.Verified : BackupStatus.Corrupt, clock.GetUtcNow(), problems));
        if (state.Status == BackupStatus.Corrupt)
            logger.LogWarning("Backup {Id} is corrupt: {Problems}", id, string.Join("; ", state.Problems));
        return (state, store.Find(id));
    }

    private async Task<List<string>> CheckArchiveAsync(BackupManifest manifest, string archive, string scratch, Action<BackupProgress> progress, CancellationToken ct)
    {
        var total = manifest.Archive?.Size;
        var scan = await ArchiveReader.ScanAsync(archive, entry => Path.Combine(scratch, "content", entry.Replace('/', Path.DirectorySeparatorChar)),
            new InlineProgress<long>(n => progress(new BackupProgress("Verifying checksums", n, total))), ct);
        var problems = ArchiveCheck.Compare(manifest, scan.Digest, scan.Entries, scan.InnerManifest).ToList();
        if (scan.ReadError is not null)
            problems.Insert(0, scan.ReadError);
        if (problems.Count > 0)
            return problems;

        progress(new BackupProgress("Test restore", total ?? 0, total));
        switch (manifest.SourceKind)
        {
            case BackupSourceKind.ConsoleDatabase:
                if (ConsoleDatabaseCapture.IntegrityProblem(Path.Combine(scratch, "content", ConsoleDatabaseCapture.EntryName)) is { } problem)
                    problems.Add(problem);
                break;
            case BackupSourceKind.PostgreSql:
                if (await postgres.TestRestoreProblemAsync(await sources.FindAsync(manifest.SourceKey, ct), Path.Combine(scratch, "content", PostgresTools.DumpEntryName), ct) is { } pgProblem)
                    problems.Add(pgProblem);
                break;
        }
        return problems;
    }

    internal static void TryDeleteDirectory(string path)
    {
        try
        {
            if (Directory.Exists(path))
                Directory.Delete(path, recursive: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
