namespace McpConsole.Core.Metrics;

/// <summary>
/// One roll-up bucket: how many probes ran, how many failed, and the latency of the successful ones
/// (min/avg/max and nearest-rank p50/p95). Failed probes are counted but not in latency: a timeout's 10 s would
/// otherwise hide in the percentiles what the availability already says.
/// </summary>
public sealed record BucketStats(long Start, int Count, int Failures, double? MinMs, double? AvgMs, double? MaxMs, double? P50Ms, double? P95Ms)
{
    /// <summary>Share of successful probes, 0..1 (1 for an empty bucket: no evidence of failure).</summary>
    public double Availability => Count == 0 ? 1 : (Count - Failures) / (double)Count;

    /// <summary>Computes a bucket from its samples. <paramref name="latencies"/> is reordered (sorted in place).</summary>
    public static BucketStats Compute(long start, int count, int failures, List<double> latencies)
    {
        ArgumentNullException.ThrowIfNull(latencies);
        if (failures < 0 || failures > count || latencies.Count != count - failures)
            throw new ArgumentException("count, failures and the number of successful latencies do not agree");
        if (latencies.Count == 0)
            return new BucketStats(start, count, failures, null, null, null, null, null);
        latencies.Sort();
        var sum = 0.0;
        foreach (var l in latencies)
            sum += l;
        return new BucketStats(start, count, failures, latencies[0], sum / latencies.Count, latencies[^1],
            Percentile.NearestRank(latencies, 50), Percentile.NearestRank(latencies, 95));
    }
}

public static class Percentile
{
    /// <summary>Nearest-rank percentile of an ascending list: the value at rank ceil(p/100 * n).</summary>
    public static double NearestRank(IReadOnlyList<double> sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
            throw new ArgumentException("no values", nameof(sorted));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(p);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(p, 100);
        var rank = (int)Math.Ceiling(p / 100 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }
}

public static class BucketMerge
{
    /// <summary>
    /// Merges finer buckets into one (e.g. hours into a day). Count, failures, min, max and average are exact;
    /// p50 is the count-weighted mean of the p50s and p95 the highest p95 (an upper bound): percentiles of
    /// percentiles are not percentiles, so a merged bucket never claims better latency than one of its parts.
    /// </summary>
    public static BucketStats Merge(long start, IReadOnlyCollection<BucketStats> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var count = parts.Sum(p => p.Count);
        var failures = parts.Sum(p => p.Failures);
        var timed = parts.Where(p => p.AvgMs is not null).ToList();
        if (timed.Count == 0)
            return new BucketStats(start, count, failures, null, null, null, null, null);
        double Weighted(Func<BucketStats, double> value)
        {
            var weight = timed.Sum(p => (double)(p.Count - p.Failures));
            return weight == 0 ? timed.Average(value) : timed.Sum(p => value(p) * (p.Count - p.Failures)) / weight;
        }

        return new BucketStats(start, count, failures, timed.Min(p => p.MinMs), Weighted(p => p.AvgMs!.Value), timed.Max(p => p.MaxMs),
            Weighted(p => p.P50Ms!.Value), timed.Max(p => p.P95Ms));
    }
}
