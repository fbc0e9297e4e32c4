namespace McpConsole.Core.Backups;

/// <summary>Whether a plan's newest good backup is older than the plan allows (no backup at all counts as stale once the plan is older than that).</summary>
public static class BackupFreshness
{
    public static bool IsStale(DateTimeOffset? lastGood, DateTimeOffset planCreatedAt, TimeSpan maxAge, DateTimeOffset now) =>
        lastGood is { } last ? now - last > maxAge : now - planCreatedAt > maxAge;
}

/// <summary>Backup ids: sortable by time, readable, safe as file names.</summary>
public static class BackupId
{
    public static string New(DateTimeOffset createdAt, string sourceKey, Random random)
    {
        var slug = new string(sourceKey.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        if (slug.Length > 40)
            slug = slug[..40];
        var suffix = random.Next(0, 0x10000).ToString("x4", System.Globalization.CultureInfo.InvariantCulture);
        return $"{createdAt.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{slug}-{suffix}";
    }

    public static bool IsWellFormed(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= 80 && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}
