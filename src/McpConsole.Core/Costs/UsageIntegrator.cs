namespace McpConsole.Core.Costs;

/// <summary>
/// Time-weighted integration of resource readings into buckets, whatever the sampling rate.
/// Each reading stands for the interval since the previous reading: its CPU is exactly the average over that interval
/// (a CPU-time delta), and its memory is taken as held over it. Intervals are split at bucket boundaries, so a
/// reading every 7 s and one every 60 s give the same integral for the same usage.
/// A gap: an interval longer than <c>maxGap</c> (e.g. 3 x the sampling interval: the console was down, the server
/// was stopped, its metrics did not answer) is unknown. It is neither zero nor the last value: it is left out of
/// every integral and out of <see cref="UsageBucket.KnownSeconds"/>, so totals say how much time they cover.
/// The first reading after a gap (or ever) only opens the next interval. A reading without CPU or memory makes its
/// interval unknown too.
/// </summary>
public static class UsageIntegrator
{
    public static IReadOnlyList<UsageBucket> Integrate(IReadOnlyList<ResourceSample> samples, Allocation allocation, TimeSpan maxGap, TimeSpan bucket)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(allocation);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(bucket, TimeSpan.Zero);
        var buckets = new SortedDictionary<long, Accumulator>();
        foreach (var (from, sample) in KnownIntervals(samples, maxGap))
        {
            var cpu = sample.CpuCores!.Value;
            var memory = sample.MemoryMb!.Value;
            var billedCpu = Math.Max(allocation.CpuCores ?? 0, cpu);
            var billedMemory = Math.Max(allocation.MemoryMb ?? 0, memory);
            var start = from.UtcTicks;
            var end = sample.At.UtcTicks;
            while (start < end)
            {
                var bucketStart = start - start % bucket.Ticks;
                var pieceEnd = Math.Min(end, bucketStart + bucket.Ticks);
                var seconds = (pieceEnd - start) / (double)TimeSpan.TicksPerSecond;
                var acc = Get(buckets, bucketStart);
                acc.Known += seconds;
                acc.UsedCpu += cpu * seconds;
                acc.BilledCpu += billedCpu * seconds;
                acc.UsedMemory += memory * seconds;
                acc.BilledMemory += billedMemory * seconds;
                acc.PeakCpu = Math.Max(acc.PeakCpu, cpu);
                acc.PeakMemory = Math.Max(acc.PeakMemory, memory);
                start = pieceEnd;
            }

            // Counts are whole requests: they go to the bucket the reading falls in (the interval's end).
            var endBucket = Get(buckets, (end - 1) - (end - 1) % bucket.Ticks);
            endBucket.Samples++;
            if (sample.Requests is { } requests)
                endBucket.Requests = (endBucket.Requests ?? 0) + requests;
        }

        return [.. buckets.Select(b => b.Value.ToBucket(new DateTimeOffset(b.Key, TimeSpan.Zero)))];
    }

    /// <summary>Each reading with the start of the interval it stands for, gaps and unmeasured readings left out.</summary>
    public static IEnumerable<(DateTimeOffset From, ResourceSample Sample)> KnownIntervals(IReadOnlyList<ResourceSample> samples, TimeSpan maxGap)
    {
        ArgumentNullException.ThrowIfNull(samples);
        for (var i = 1; i < samples.Count; i++)
        {
            var from = samples[i - 1].At;
            var sample = samples[i];
            var length = sample.At - from;
            if (length <= TimeSpan.Zero || length > maxGap || sample.CpuCores is null || sample.MemoryMb is null)
                continue;
            yield return (from, sample);
        }
    }

    private static Accumulator Get(SortedDictionary<long, Accumulator> buckets, long start)
    {
        if (!buckets.TryGetValue(start, out var acc))
            buckets[start] = acc = new Accumulator();
        return acc;
    }

    private sealed class Accumulator
    {
        public double Known, UsedCpu, BilledCpu, UsedMemory, BilledMemory, PeakCpu, PeakMemory;
        public long? Requests;
        public int Samples;

        public UsageBucket ToBucket(DateTimeOffset start) =>
            new(start, Known, UsedCpu, BilledCpu, UsedMemory, BilledMemory, Requests, Samples, PeakCpu, PeakMemory);
    }
}
