namespace McpConsole.Core.Costs;

/// <summary>
/// Time-weighted integration of resource readings into buckets, whatever the sampling rate.
/// Each reading stands for the interval since the previous reading: its CPU is exactly the average over that interval
/// (a CPU-time delta), and its memory is taken as held over it. Intervals are split at bucket boundaries, so a
/// reading every 7 s and one every 60 s give the same integral for the same usage.
/// A gap: an interval longer than <c>maxGap</c> (e.g. 3 x the sampling interval: the console was down, the server
/// was stopped, its metrics did not answer) is unknown. It is neither zero nor the last value: it is left out of
/// every integral and out of <see cref="UsageBucket.KnownSeconds"/>, so totals say how much time they cover.
/// The first reading after a gap (or ever) only opens the next interval. Each resource is known on its own: a reading
/// with memory but no CPU (a server that reports only its memory) makes its interval known for memory and unknown for
/// CPU, which is then billed at its allocation (see <see cref="UsageBucket"/>); a reading with neither is a gap.
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
            var cpu = sample.CpuCores;
            var memory = sample.MemoryMb;
            var start = from.UtcTicks;
            var end = sample.At.UtcTicks;
            while (start < end)
            {
                var bucketStart = start - start % bucket.Ticks;
                var pieceEnd = Math.Min(end, bucketStart + bucket.Ticks);
                var seconds = (pieceEnd - start) / (double)TimeSpan.TicksPerSecond;
                var acc = Get(buckets, bucketStart);
                acc.Known += seconds;
                acc.Cpu.Add(cpu, allocation.CpuCores, seconds);
                acc.Memory.Add(memory, allocation.MemoryMb, seconds);
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

    /// <summary>
    /// Each reading with the start of the interval it stands for; gaps and readings that measured nothing are left out.
    /// A reading may still lack CPU or memory: filter on the resource you need.
    /// </summary>
    public static IEnumerable<(DateTimeOffset From, ResourceSample Sample)> KnownIntervals(IReadOnlyList<ResourceSample> samples, TimeSpan maxGap)
    {
        ArgumentNullException.ThrowIfNull(samples);
        for (var i = 1; i < samples.Count; i++)
        {
            var from = samples[i - 1].At;
            var sample = samples[i];
            var length = sample.At - from;
            if (length <= TimeSpan.Zero || length > maxGap || (sample.CpuCores is null && sample.MemoryMb is null))
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
        public double Known;
        public readonly ResourceAccumulator Cpu = new(), Memory = new();
        public long? Requests;
        public int Samples;

        public UsageBucket ToBucket(DateTimeOffset start) =>
            new(start, Known, Cpu.Known, Cpu.Used, Cpu.Billed, Cpu.Assumed, Memory.Known, Memory.Used, Memory.Billed, Memory.Assumed,
                Requests, Samples, Cpu.Peak, Memory.Peak);
    }

    /// <summary>One resource: used and billed where it was measured, the allocation billed where it was not.</summary>
    private sealed class ResourceAccumulator
    {
        public double Known, Used, Billed, Assumed, Peak;

        public void Add(double? used, double? allocated, double seconds)
        {
            if (used is { } u)
            {
                Known += seconds;
                Used += u * seconds;
                Billed += Math.Max(allocated ?? 0, u) * seconds;
                Peak = Math.Max(Peak, u);
            }
            else
            {
                Assumed += (allocated ?? 0) * seconds;
                Billed += (allocated ?? 0) * seconds;
            }
        }
    }
}
