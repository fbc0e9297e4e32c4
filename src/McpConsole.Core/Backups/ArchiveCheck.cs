namespace McpConsole.Core.Backups;

/// <summary>One file as found when reading an archive back.</summary>
public sealed record FoundEntry(string Path, long Size, string Sha256);

/// <summary>
/// Compares what an archive really holds with what its manifest promises. Any difference makes the
/// backup corrupt: a backup that cannot be proven whole is never restored.
/// </summary>
public static class ArchiveCheck
{
    public static IReadOnlyList<string> Compare(BackupManifest manifest, ArchiveDigest actualArchive, IReadOnlyList<FoundEntry> found, BackupManifest? inner)
    {
        var problems = new List<string>();
        if (manifest.Archive is null)
            problems.Add("the manifest has no archive checksum");
        else
        {
            if (manifest.Archive.Size != actualArchive.Size)
                problems.Add($"archive is {actualArchive.Size:N0} bytes, the manifest says {manifest.Archive.Size:N0} (truncated or extended)");
            else if (!string.Equals(manifest.Archive.Sha256, actualArchive.Sha256, StringComparison.OrdinalIgnoreCase))
                problems.Add("archive SHA-256 does not match the manifest");
        }

        foreach (var file in manifest.Files)
        {
            if (!ArchivePath.IsSafe(file.Path))
                problems.Add($"manifest entry refused: {ArchivePath.Check(file.Path).Error}");
        }
        var expected = manifest.Files.ToDictionary(f => f.Path, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in found)
        {
            if (!ArchivePath.IsSafe(entry.Path))
            {
                problems.Add($"archive entry refused: {ArchivePath.Check(entry.Path).Error}");
                continue;
            }
            if (!seen.Add(entry.Path))
                problems.Add($"{entry.Path}: appears twice in the archive");
            else if (!expected.TryGetValue(entry.Path, out var want))
                problems.Add($"{entry.Path}: in the archive but not in the manifest");
            else if (want.Size != entry.Size)
                problems.Add($"{entry.Path}: {entry.Size:N0} bytes, the manifest says {want.Size:N0}");
            else if (!string.Equals(want.Sha256, entry.Sha256, StringComparison.OrdinalIgnoreCase))
                problems.Add($"{entry.Path}: SHA-256 does not match the manifest");
        }
        foreach (var missing in expected.Keys.Where(k => !seen.Contains(k)))
            problems.Add($"{missing}: listed in the manifest but missing from the archive");

        if (inner is null)
            problems.Add("the archive has no inner manifest");
        else if (!SameContent(inner, manifest))
            problems.Add("the manifest beside the archive differs from the one inside it");
        return problems;
    }

    private static bool SameContent(BackupManifest inner, BackupManifest outer) =>
        inner.ToJson() == (outer with { Archive = null }).ToJson();
}
