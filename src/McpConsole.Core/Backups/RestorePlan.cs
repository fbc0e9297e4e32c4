namespace McpConsole.Core.Backups;

/// <summary>A file as it is on disk now (null hash = not read, e.g. the source is gone).</summary>
public sealed record CurrentFile(string Path, long Size, string Sha256, DateTimeOffset LastWrite);

public enum FileChangeKind
{
    /// <summary>Exists now with different content: will be replaced.</summary>
    Replaced,
    /// <summary>Missing now: will be created.</summary>
    Created,
    /// <summary>Same content: untouched.</summary>
    Unchanged,
    /// <summary>Exists now but not in the backup: left in place (restore never deletes).</summary>
    NotInBackup,
}

public sealed record FileChange(string Path, FileChangeKind Kind, long? CurrentSize, long? BackupSize, DateTimeOffset? CurrentLastWrite);

/// <summary>What a restore would change, shown before the operator confirms.</summary>
public sealed record RestorePreview(IReadOnlyList<FileChange> Changes, TimeSpan BackupAge)
{
    public int ReplacedCount => Changes.Count(c => c.Kind == FileChangeKind.Replaced);
    public int CreatedCount => Changes.Count(c => c.Kind == FileChangeKind.Created);
    public int UnchangedCount => Changes.Count(c => c.Kind == FileChangeKind.Unchanged);
    public bool ChangesAnything => ReplacedCount + CreatedCount > 0;

    public static RestorePreview Compute(BackupManifest manifest, IReadOnlyList<CurrentFile> current, DateTimeOffset now)
    {
        var byPath = current.ToDictionary(c => c.Path, StringComparer.Ordinal);
        var changes = new List<FileChange>();
        foreach (var file in manifest.Files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            if (!byPath.TryGetValue(file.Path, out var existing))
                changes.Add(new FileChange(file.Path, FileChangeKind.Created, null, file.Size, null));
            else if (existing.Size == file.Size && string.Equals(existing.Sha256, file.Sha256, StringComparison.OrdinalIgnoreCase))
                changes.Add(new FileChange(file.Path, FileChangeKind.Unchanged, existing.Size, file.Size, existing.LastWrite));
            else
                changes.Add(new FileChange(file.Path, FileChangeKind.Replaced, existing.Size, file.Size, existing.LastWrite));
        }
        var inBackup = manifest.Files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        changes.AddRange(current.Where(c => !inBackup.Contains(c.Path)).OrderBy(c => c.Path, StringComparer.Ordinal)
            .Select(c => new FileChange(c.Path, FileChangeKind.NotInBackup, c.Size, null, c.LastWrite)));
        return new RestorePreview(changes, now - manifest.CreatedAt);
    }
}

/// <summary>The text an operator types to confirm a restore: the backup id, so a restore is never one stray click.</summary>
public static class RestoreConfirmation
{
    public static bool Matches(string backupId, string? typed) =>
        typed is not null && string.Equals(typed.Trim(), backupId, StringComparison.Ordinal);
}
