using System.Globalization;

namespace McpConsole.Core.Backups;

/// <summary>
/// Which backups to keep, as restic's forget does: keep the last N; and for the last N days / ISO weeks /
/// months that have backups, the newest backup of each. A backup is kept when any rule keeps it.
/// Periods are UTC. A policy with every count at zero keeps everything (nothing is pruned by accident).
/// </summary>
public sealed record RetentionPolicy(int KeepLast, int KeepDaily, int KeepWeekly, int KeepMonthly)
{
    public static readonly RetentionPolicy Default = new(KeepLast: 3, KeepDaily: 7, KeepWeekly: 4, KeepMonthly: 6);

    public bool KeepsEverything => KeepLast <= 0 && KeepDaily <= 0 && KeepWeekly <= 0 && KeepMonthly <= 0;

    public IReadOnlyList<string>? Validate()
    {
        var errors = new List<string>();
        if (KeepLast < 0 || KeepDaily < 0 || KeepWeekly < 0 || KeepMonthly < 0)
            errors.Add("retention counts cannot be negative");
        if (KeepLast > 1000 || KeepDaily > 1000 || KeepWeekly > 1000 || KeepMonthly > 1000)
            errors.Add("retention counts above 1000 are not supported");
        return errors.Count == 0 ? null : errors;
    }

    /// <summary>Splits backups (id, time) into kept and pruned, each with the reasons/newest first.</summary>
    public RetentionDecision Apply(IEnumerable<(string Id, DateTimeOffset CreatedAt)> backups)
    {
        var ordered = backups.OrderByDescending(b => b.CreatedAt).ThenByDescending(b => b.Id, StringComparer.Ordinal).ToList();
        if (KeepsEverything)
            return new RetentionDecision(ordered.Select(b => new KeptBackup(b.Id, ["everything"])).ToList(), []);

        var reasons = ordered.ToDictionary(b => b.Id, _ => new List<string>());
        for (var i = 0; i < ordered.Count && i < KeepLast; i++)
            reasons[ordered[i].Id].Add("last");
        KeepPerBucket(ordered, KeepDaily, t => t.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "daily", reasons);
        KeepPerBucket(ordered, KeepWeekly, WeekKey, "weekly", reasons);
        KeepPerBucket(ordered, KeepMonthly, t => t.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture), "monthly", reasons);

        var kept = ordered.Where(b => reasons[b.Id].Count > 0).Select(b => new KeptBackup(b.Id, reasons[b.Id])).ToList();
        var pruned = ordered.Where(b => reasons[b.Id].Count == 0).Select(b => b.Id).ToList();
        return new RetentionDecision(kept, pruned);
    }

    private static void KeepPerBucket(List<(string Id, DateTimeOffset CreatedAt)> newestFirst, int count, Func<DateTimeOffset, string> bucket,
        string reason, Dictionary<string, List<string>> reasons)
    {
        string? last = null;
        var kept = 0;
        foreach (var backup in newestFirst)
        {
            if (kept >= count)
                return;
            var key = bucket(backup.CreatedAt);
            if (key == last)
                continue;
            last = key;
            reasons[backup.Id].Add(reason);
            kept++;
        }
    }

    private static string WeekKey(DateTimeOffset t)
    {
        var utc = t.UtcDateTime;
        return $"{ISOWeek.GetYear(utc)}-W{ISOWeek.GetWeekOfYear(utc):00}";
    }
}

public sealed record KeptBackup(string Id, IReadOnlyList<string> Reasons);

public sealed record RetentionDecision(IReadOnlyList<KeptBackup> Kept, IReadOnlyList<string> Pruned);
