using System.Text.Json;
using McpConsole.Core.Backups;
using McpConsole.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace McpConsole.Web.Features.Backups;

/// <summary>
/// The backups directory is the catalog: "{id}.tar" + "{id}.manifest.json" per backup (the manifest's rename
/// commits it) and a "{id}.state.json" with its verification state. Nothing about backups lives in the console
/// database, so restoring that database never forgets backups taken after it (nor the safety backup).
/// </summary>
public sealed class BackupStore
{
    private const string PartialSuffix = ".partial";
    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private readonly ILogger<BackupStore> _logger;

    public BackupStore(IOptions<BackupOptions> options, DataDirectory dataDirectory, ILogger<BackupStore> logger)
    {
        _logger = logger;
        Root = Path.GetFullPath(string.IsNullOrWhiteSpace(options.Value.Directory) ? dataDirectory.File("backups") : options.Value.Directory);
        Directory.CreateDirectory(Root);
        FilePermissions.Tighten(Root);
    }

    public string Root { get; }

    public string ArchivePath(string id) => Path.Combine(Root, Checked(id) + ".tar");
    public string ManifestPath(string id) => Path.Combine(Root, Checked(id) + ".manifest.json");
    public string StatePath(string id) => Path.Combine(Root, Checked(id) + ".state.json");
    internal string PartialArchivePath(string id) => ArchivePath(id) + PartialSuffix;
    private string PartialManifestPath(string id) => ManifestPath(id) + PartialSuffix;

    /// <summary>Every committed backup, newest first. A manifest that cannot be read is listed as corrupt, never hidden.</summary>
    public IReadOnlyList<StoredBackup> List()
    {
        var list = new List<StoredBackup>();
        foreach (var path in Directory.EnumerateFiles(Root, "*.manifest.json"))
        {
            var id = Path.GetFileName(path)[..^".manifest.json".Length];
            if (BackupId.IsWellFormed(id))
                list.Add(Load(id)!);
        }
        return list.OrderByDescending(b => b.CreatedAt).ThenByDescending(b => b.Id, StringComparer.Ordinal).ToList();
    }

    public StoredBackup? Find(string id)
    {
        if (!BackupId.IsWellFormed(id) || !File.Exists(ManifestPath(id)))
            return null;
        return Load(id);
    }

    private StoredBackup? Load(string id)
    {
        var manifestPath = ManifestPath(id);
        var state = ReadState(id);
        string text;
        try
        {
            text = File.ReadAllText(manifestPath);
        }
        catch (IOException ex)
        {
            return StoredBackup.Unreadable(id, File.GetLastWriteTimeUtc(manifestPath), $"the manifest cannot be read: {ex.Message}", state);
        }
        var (manifest, error) = BackupManifest.Parse(text);
        var archiveSize = File.Exists(ArchivePath(id)) ? new FileInfo(ArchivePath(id)).Length : (long?)null;
        if (manifest is null || manifest.Id != id)
            return StoredBackup.Unreadable(id, File.GetLastWriteTimeUtc(manifestPath), error ?? "the manifest names another backup", state);
        return new StoredBackup(id, manifest, archiveSize, state);
    }

    public BackupState ReadState(string id)
    {
        try
        {
            return File.Exists(StatePath(id))
                ? JsonSerializer.Deserialize<BackupState>(File.ReadAllText(StatePath(id)), _json) ?? BackupState.Unverified
                : BackupState.Unverified;
        }
        catch (Exception ex) when (ex is JsonException or IOException)
        {
            return BackupState.Unverified with { Problems = ["the verification state file is damaged; verify again"] };
        }
    }

    /// <summary>Records a verification result. Corrupt is final: once a backup was found damaged it stays unrestorable.</summary>
    public BackupState WriteState(string id, BackupState state)
    {
        var previous = ReadState(id);
        if (previous.Status == BackupStatus.Corrupt && state.Status != BackupStatus.Corrupt)
            state = previous with { VerifiedAt = state.VerifiedAt };
        WriteAtomically(StatePath(id), JsonSerializer.Serialize(state, _json));
        return state;
    }

    internal async Task CommitAsync(string id, BackupManifest manifest, CancellationToken ct)
    {
        var partialManifest = PartialManifestPath(id);
        await File.WriteAllTextAsync(partialManifest, manifest.ToJson(), ct);
        FlushToDisk(partialManifest);
        File.Move(PartialArchivePath(id), ArchivePath(id));
        File.Move(partialManifest, ManifestPath(id));
    }

    /// <summary>Where a source is captured before archiving (inside the backups directory, removed afterwards or at the next start).</summary>
    internal string StagingDirectory(string id)
    {
        var path = Path.Combine(Root, $".staging-{Checked(id)}{PartialSuffix}");
        Directory.CreateDirectory(path);
        return path;
    }

    internal void DeleteStaging(string id) => BackupVerifier.TryDeleteDirectory(Path.Combine(Root, $".staging-{Checked(id)}{PartialSuffix}"));

    /// <summary>A fresh directory for a verification or restore's extracted files.</summary>
    internal string ScratchDirectory()
    {
        var path = Path.Combine(Root, $".scratch-{Guid.NewGuid():N}{PartialSuffix}");
        Directory.CreateDirectory(path);
        return path;
    }

    internal void DeletePartial(string id)
    {
        TryDelete(PartialArchivePath(id));
        TryDelete(PartialManifestPath(id));
    }

    /// <summary>Removes a backup: the manifest first, so a half-deleted backup is never listed as whole.</summary>
    public void Delete(string id)
    {
        TryDelete(ManifestPath(id));
        TryDelete(ArchivePath(id));
        TryDelete(StatePath(id));
    }

    /// <summary>
    /// Removes the leftovers of backups that never committed (a crash or kill mid-backup), archives without a manifest,
    /// and scratch directories of interrupted verifications and restores. Returns one line per interrupted operation,
    /// for the operator ("partial backup X ...").
    /// </summary>
    public IReadOnlyList<string> RemoveIncomplete()
    {
        var removed = new SortedDictionary<string, int>(StringComparer.Ordinal);
        void Count(string what) => removed[what] = removed.GetValueOrDefault(what) + 1;
        foreach (var path in Directory.EnumerateFiles(Root, "*" + PartialSuffix))
        {
            TryDelete(path);
            Count(PartialBackupOf(Path.GetFileName(path)));
        }
        foreach (var path in Directory.EnumerateDirectories(Root, "*" + PartialSuffix))
        {
            BackupVerifier.TryDeleteDirectory(path);
            var name = Path.GetFileName(path);
            Count(name.StartsWith(".staging-", StringComparison.Ordinal) ? PartialBackupOf(name[".staging-".Length..]) : "the scratch files of an interrupted verification or restore");
        }
        foreach (var path in Directory.EnumerateFiles(Root, "*.tar"))
        {
            var id = Path.GetFileName(path)[..^".tar".Length];
            if (!File.Exists(Path.Combine(Root, id + ".manifest.json")))
            {
                TryDelete(path);
                Count($"partial backup {id} (an archive without its manifest)");
            }
        }
        var lines = removed.Select(r => $"removed {r.Key} from an interrupted run ({r.Value} file(s))").ToList();
        foreach (var line in lines)
            _logger.LogWarning("Backups directory {Root}: {Cleanup}", Root, line);
        return lines;
    }

    /// <summary>"partial backup {id}" for "{id}.tar.partial", "{id}.manifest.json.partial" or "{id}.partial".</summary>
    private static string PartialBackupOf(string name)
    {
        var id = name.Split('.')[0];
        return BackupId.IsWellFormed(id) ? $"partial backup {id}" : $"partial file {name}";
    }

    internal static void WriteAtomically(string path, string text)
    {
        var temp = path + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
        File.WriteAllText(temp, text);
        FlushToDisk(temp);
        File.Move(temp, path, overwrite: true);
    }

    internal static void FlushToDisk(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        stream.Flush(flushToDisk: true);
    }

    private static string Checked(string id) =>
        BackupId.IsWellFormed(id) ? id : throw new ArgumentException($"'{id}' is not a backup id", nameof(id));

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
    }
}
