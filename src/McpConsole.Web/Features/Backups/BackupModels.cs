using McpConsole.Core.Backups;

namespace McpConsole.Web.Features.Backups;

public enum BackupStatus
{
    /// <summary>Committed, not yet checked.</summary>
    Unverified,
    /// <summary>Every checksum matched and the test restore passed.</summary>
    Verified,
    /// <summary>Damaged, truncated or unreadable: never restorable.</summary>
    Corrupt,
}

/// <summary>The mutable part of a backup: the outcome of its latest verification.</summary>
public sealed record BackupState(BackupStatus Status, DateTimeOffset? VerifiedAt, IReadOnlyList<string> Problems)
{
    public static readonly BackupState Unverified = new(BackupStatus.Unverified, null, []);
}

/// <summary>A committed backup as found in the backups directory.</summary>
public sealed record StoredBackup(string Id, BackupManifest? Manifest, long? ArchiveSize, BackupState State, DateTimeOffset? FileTime = null)
{
    public DateTimeOffset CreatedAt => Manifest?.CreatedAt ?? FileTime ?? DateTimeOffset.MinValue;

    public bool IsRestorable => Manifest is not null && ArchiveSize is not null && State.Status != BackupStatus.Corrupt;

    public static StoredBackup Unreadable(string id, DateTime lastWriteUtc, string problem, BackupState state) =>
        new(id, null, null, new BackupState(BackupStatus.Corrupt, state.VerifiedAt, [problem]), new DateTimeOffset(lastWriteUtc, TimeSpan.Zero));
}

/// <summary>A backup as the list and the API show it.</summary>
public sealed record BackupView(
    string Id, DateTimeOffset CreatedAt, string SourceKey, string SourceName, string SourceKind, int? PlanId, bool IsSafetyBackup,
    long? Size, int FileCount, string Status, DateTimeOffset? VerifiedAt, IReadOnlyList<string> Problems, bool Restorable)
{
    public static BackupView From(StoredBackup b) => new(
        b.Id, b.CreatedAt, b.Manifest?.SourceKey ?? "?", b.Manifest?.SourceName ?? "(unreadable manifest)", b.Manifest?.SourceKind.ToString() ?? "?",
        b.Manifest?.PlanId, b.Manifest?.IsSafetyBackup ?? false, b.ArchiveSize, b.Manifest?.Files.Count ?? 0,
        b.State.Status.ToString(), b.State.VerifiedAt, b.State.Problems, b.IsRestorable);
}

/// <summary>Where a long operation is; shown as a progress bar.</summary>
public sealed record BackupProgress(string Stage, long Bytes, long? TotalBytes);
