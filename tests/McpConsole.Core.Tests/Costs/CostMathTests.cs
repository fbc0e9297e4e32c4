using McpConsole.Core.Costs;

namespace McpConsole.Core.Tests.Costs;

public sealed class CostMathTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero); // a Monday
    private static readonly TimeSpan MaxGap = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private static ResourceSample At(double seconds, double cpu, double memory, long? requests = null) => new(T0.AddSeconds(seconds), cpu, memory, requests);

    [Fact]
    public void Integrate_IrregularIntervals_WeightEachReadingByItsOwnInterval()
    {
        // Intervals of 10 s, 60 s and 7 s: 77 s known. 0.5 cores and 256 MB used against 1 core and 512 MB allocated.
        var samples = new[] { At(0, 0, 0), At(10, 0.5, 256), At(70, 0.5, 256), At(77, 0.5, 256) };
        var b = Assert.Single(UsageIntegrator.Integrate(samples, new Allocation(1, 512), MaxGap, Hour));
        Assert.Equal(new UsageBucket(T0, 77, 77, 38.5, 77, 0, 77, 19_712, 39_424, 0, null, 3, 0.5, 256), b);
        Assert.Equal(38.5, b.IdleCpuCoreSeconds);
    }

    [Fact]
    public void Integrate_SameUsage_SampledEvery10s_Every60s_OrIrregularly_GivesTheSameIntegral()
    {
        // One core busy for the first 30 minutes, idle for the next 30; memory 100 MB then 300 MB. No allocation.
        static List<ResourceSample> Sample(IEnumerable<double> times) =>
            [.. times.Select(t => new ResourceSample(T0.AddSeconds(t), t <= 1800 ? 1 : 0, t <= 1800 ? 100 : 300))];
        var every10 = Sample(Enumerable.Range(0, 361).Select(i => i * 10.0));
        var every60 = Sample(Enumerable.Range(0, 61).Select(i => i * 60.0));
        var irregular = Sample([0, 7, 50, 110, 200, 300, 420, 500, 600, 700, 800, 913, 1000, 1100, 1200, 1290, 1380, 1470, 1560, 1650, 1740, 1800,
            1850, 1960, 2070, 2180, 2290, 2400, 2500, 2600, 2700, 2800, 2900, 3000, 3100, 3200, 3300, 3400, 3500, 3600]);
        foreach (var samples in new[] { every10, every60, irregular })
        {
            var b = Assert.Single(UsageIntegrator.Integrate(samples, Allocation.None, MaxGap, Hour));
            Assert.Equal(3600, b.KnownSeconds, 9);
            Assert.Equal(1800, b.UsedCpuCoreSeconds, 9);
            Assert.Equal(1800 * 100 + 1800 * 300, b.UsedMemoryMbSeconds, 9);
            Assert.Equal(b.UsedCpuCoreSeconds, b.BilledCpuCoreSeconds); // nothing allocated: billed = used
        }
    }

    [Fact]
    public void Integrate_GapLongerThanMaxGap_IsUnknown_NotZeroAndNotTheLastValue()
    {
        // 30 s readings, then 10 minutes of silence (the server was stopped), then 30 s readings again.
        var samples = new[] { At(0, 0, 0), At(30, 2, 1000), At(60, 2, 1000), At(660, 2, 1000), At(690, 2, 1000) };
        var b = Assert.Single(UsageIntegrator.Integrate(samples, new Allocation(1, 2048), MaxGap, Hour));
        Assert.Equal(90, b.KnownSeconds);
        Assert.Equal(180, b.UsedCpuCoreSeconds); // not 690 s x 2 (last value held) and not diluted by zeros
        Assert.Equal(180, b.BilledCpuCoreSeconds); // 2 cores used > 1 allocated: billed the usage
        Assert.Equal(90 * 2048, b.BilledMemoryMbSeconds);
        Assert.Equal(3, b.Samples);
    }

    [Fact]
    public void Integrate_ReadingWithoutCpu_IsKnownForMemoryOnly_AndNonIncreasingTime_IsUnknown()
    {
        var samples = new[] { At(0, 0, 0), new ResourceSample(T0.AddSeconds(30), null, 500), At(60, 1, 500), At(60, 1, 500) };
        var b = Assert.Single(UsageIntegrator.Integrate(samples, Allocation.None, MaxGap, Hour));
        Assert.Equal(60, b.KnownSeconds);
        Assert.Equal(30, b.KnownCpuSeconds);
        Assert.Equal(30, b.UsedCpuCoreSeconds);
        Assert.Equal(60, b.KnownMemorySeconds);
        Assert.Equal(30_000, b.UsedMemoryMbSeconds);
    }

    [Fact]
    public void Integrate_MemoryKnown_CpuUnknown_MemoryIntegratedOverItsOwnTime_CpuBilledAtItsAllocation()
    {
        // A server that reports only its memory (health://status): 30 s readings of 200 MB, then 300 MB, with a 5 minute
        // gap in the middle. 0.5 cores and 256 MB allocated.
        var samples = new[]
        {
            new ResourceSample(T0, null, 200), new ResourceSample(T0.AddSeconds(30), null, 200), new ResourceSample(T0.AddSeconds(60), null, 200),
            new ResourceSample(T0.AddSeconds(360), null, 300), new ResourceSample(T0.AddSeconds(390), null, 300), new ResourceSample(T0.AddSeconds(420), null, 300),
        };
        var b = Assert.Single(UsageIntegrator.Integrate(samples, new Allocation(0.5, 256), MaxGap, Hour));
        // Known: 0-30, 30-60, 360-390, 390-420 = 120 s, all of it for memory, none for CPU.
        Assert.Equal(new UsageBucket(T0, 120, 0, 0, 60, 60, 120, 30_000, 33_360, 0, null, 4, 0, 300), b);
        // Memory: 60 s x 200 + 60 s x 300 used; billed 60 s x 256 (allocation above use) + 60 s x 300 (use above allocation).
        // CPU: unknown, so billed at its 0.5-core allocation over the 120 s, and none of it counted as idle.
        Assert.Equal(0, b.IdleCpuCoreSeconds);
        Assert.Equal(60 * 56, b.IdleMemoryMbSeconds);
        Assert.Null(b.AverageCpuCores);
        Assert.Equal(250, b.AverageMemoryMb);
        // 60 core-seconds / 3600 x 0.031611 = 0.00052685 plus 33,360 MB-seconds / 1024 / 3600 x 0.004237 = 0.0000383426.
        Assert.Equal(0.0005651926m, Math.Round(Price.Default.Of(b), 10));
    }

    [Fact]
    public void Integrate_CpuKnown_MemoryUnknown_AndMixedReadings_EachResourceOverItsOwnKnownTime()
    {
        // 0-60 s: CPU and memory (2 readings); 60-120 s: CPU only (memory not reported); 120-180 s: memory only; then a
        // reading with neither (a gap for both) and one after a 10 minute silence that only opens an interval.
        var samples = new[]
        {
            new ResourceSample(T0, 1, 100),
            new ResourceSample(T0.AddSeconds(30), 1, 100), new ResourceSample(T0.AddSeconds(60), 1, 100),
            new ResourceSample(T0.AddSeconds(90), 2, null), new ResourceSample(T0.AddSeconds(120), 2, null),
            new ResourceSample(T0.AddSeconds(150), null, 400), new ResourceSample(T0.AddSeconds(180), null, 400),
            new ResourceSample(T0.AddSeconds(210), null, null),
            new ResourceSample(T0.AddSeconds(810), 3, 900),
        };
        var b = Assert.Single(UsageIntegrator.Integrate(samples, new Allocation(1.5, 200), MaxGap, Hour));
        Assert.Equal(180, b.KnownSeconds);
        Assert.Equal(120, b.KnownCpuSeconds);
        Assert.Equal(60 * 1 + 60 * 2, b.UsedCpuCoreSeconds);
        Assert.Equal(60 * 1.5 + 60 * 2 + 60 * 1.5, b.BilledCpuCoreSeconds); // max(1.5, used) where known, 1.5 where not
        Assert.Equal(60 * 1.5, b.AssumedCpuCoreSeconds);
        Assert.Equal(120, b.KnownMemorySeconds);
        Assert.Equal(60 * 100 + 60 * 400, b.UsedMemoryMbSeconds);
        Assert.Equal(60 * 200 + 60 * 200 + 60 * 400, b.BilledMemoryMbSeconds);
        Assert.Equal(60 * 200, b.AssumedMemoryMbSeconds);
        Assert.Equal(1.5, b.AverageCpuCores);
        Assert.Equal(250, b.AverageMemoryMb);
        Assert.Equal(60 * 0.5, b.IdleCpuCoreSeconds); // only the first minute had CPU below its allocation
        Assert.Equal(60 * 100, b.IdleMemoryMbSeconds);
        Assert.Equal((2.0, 400.0), (b.PeakCpuCores, b.PeakMemoryMb)); // the reading after the silence opens an interval only
        Assert.Equal(6, b.Samples);
    }

    [Fact]
    public void Summary_ServerWithMemoryOnly_HasNoCpuAverage_AndIsBilledItsCpuAllocation()
    {
        var a = new CostedServer(1, "a", null, null, [], new Allocation(1, 1024));
        var samples = Enumerable.Range(0, 121).Select(i => new ResourceSample(T0.AddSeconds(30 * i), null, 512)).ToList(); // one hour
        var usage = new[] { new ServerUsage(a, UsageIntegrator.Integrate(samples, a.Allocation, MaxGap, Hour)) };
        var s = CostSummary.Compute(usage, PriceBook.Defaults, T0, T0.AddHours(1));
        var row = Assert.Single(s.Servers);
        Assert.Null(row.AvgCpuCores);
        Assert.Equal(512, row.AvgMemoryMb);
        Assert.Equal(1, row.KnownHours);
        Assert.Equal(0.035848m, s.Total); // 1 core-hour x 0.031611 + 1 GB-hour (the allocation, above 512 MB used) x 0.004237
        Assert.Equal(0.0021185m, s.Idle); // memory only: 0.5 GB-hour x 0.004237; unmeasured CPU is not idle
    }

    [Fact]
    public void Integrate_IntervalAcrossTheHour_IsSplit_AndRequestsGoToTheReadingsHour()
    {
        var samples = new[] { new ResourceSample(T0.AddSeconds(-30), 0, 0), new ResourceSample(T0.AddSeconds(30), 2, 64, 5) };
        var buckets = UsageIntegrator.Integrate(samples, new Allocation(1, 128), MaxGap, Hour);
        Assert.Equal(
            [
                new UsageBucket(T0.AddHours(-1), 30, 30, 60, 60, 0, 30, 1920, 3840, 0, null, 0, 2, 64),
                new UsageBucket(T0, 30, 30, 60, 60, 0, 30, 1920, 3840, 0, 5, 1, 2, 64),
            ], buckets);
    }

    [Fact]
    public void Price_BilledIsMaxOfAllocatedAndUsed_IdleIsTheDifference()
    {
        // One hour: 0.5 cores and 1 GB used of 2 cores and 2 GB allocated.
        var samples = new[] { At(0, 0, 0), At(3600, 0.5, 1024) };
        var b = Assert.Single(UsageIntegrator.Integrate(samples, new Allocation(2, 2048), Hour, Hour));
        Assert.Equal(0.071696m, Price.Default.Of(b)); // 2 x 0.031611 + 2 x 0.004237
        Assert.Equal(0.0516535m, Price.Default.IdleOf(b)); // 1.5 x 0.031611 + 1 x 0.004237
    }

    [Fact]
    public void PriceBook_GroupWinsOverLocation_ThenDefault()
    {
        var group = new Price(1, 1);
        var location = new Price(2, 2);
        var book = new PriceBook(Price.Default, new Dictionary<string, Price> { ["batch"] = group }, new Dictionary<string, Price> { ["cloud"] = location });
        Assert.Same(group, book.For("batch", "cloud"));
        Assert.Same(location, book.For("web", "cloud"));
        Assert.Same(Price.Default, book.For(null, "on-prem"));
    }

    [Fact]
    public void Summary_TotalsPerDayWeekMonth_DailyAverage_PeakHour_AndBreakdowns()
    {
        // a: 1 core billed all the time (cloud, group web, tags api+prod); b: 2 cores (on-prem, no group, tag prod).
        // Hours: a on Sunday 31 May 23:00 and Monday 1 June 00:00, 01:00; b on Monday 1 June 01:00 only.
        var a = new CostedServer(1, "a", "web", "cloud", ["api", "prod"], new Allocation(1, null));
        var b = new CostedServer(2, "b", null, "on-prem", ["prod"], new Allocation(2, null));
        static UsageBucket Full(DateTimeOffset start, double cores) => new(start, 3600, 3600, 0, cores * 3600, 0, 3600, 0, 0, 0, 0, 60, 0, 0);
        var sunday = new DateTimeOffset(2026, 5, 31, 23, 0, 0, TimeSpan.Zero);
        var usage = new[]
        {
            new ServerUsage(a, [Full(sunday, 1), Full(sunday.AddHours(1), 1), Full(sunday.AddHours(2), 1)]),
            new ServerUsage(b, [Full(sunday.AddHours(2), 2)]),
        };
        var prices = new PriceBook(new Price(1, 0), new Dictionary<string, Price>(), new Dictionary<string, Price> { ["on-prem"] = new Price(0.5m, 0) });
        var s = CostSummary.Compute(usage, prices, sunday.AddDays(-1), sunday.AddDays(1));

        Assert.Equal(4m, s.Total); // a: 3 h x 1 core x 1; b: 1 h x 2 cores x 0.5
        Assert.Equal(2, s.DaysWithData);
        Assert.Equal(2m, s.DailyAverage);
        Assert.Equal([("2026-05-31", 1m), ("2026-06-01", 3m)], s.ByDay.Select(d => (d.Key, d.Cost)));
        Assert.Equal([("2026-05-25", 1m), ("2026-06-01", 3m)], s.ByWeek.Select(d => (d.Key, d.Cost))); // weeks from Monday
        Assert.Equal([("2026-05-01", 1m), ("2026-06-01", 3m)], s.ByMonth.Select(d => (d.Key, d.Cost)));
        Assert.Equal(sunday.AddHours(2), s.PeakHour!.Start);
        Assert.Equal(2m, s.PeakHour.Cost);
        Assert.Equal([("web", 3m), ("(none)", 1m)], s.ByGroup.Select(g => (g.Key, g.Cost)));
        Assert.Equal([("cloud", 3m), ("on-prem", 1m)], s.ByLocation.Select(g => (g.Key, g.Cost)));
        Assert.Equal([("prod", 4m), ("api", 3m)], s.ByTag.Select(g => (g.Key, g.Cost)));
        var first = s.Servers[0];
        Assert.Equal(("a", 3m, 3.0), (first.Name, first.Cost, first.KnownHours));
        Assert.Equal(730m, first.MonthlyEstimate); // 1 per hour x 730
    }

    [Fact]
    public void Summary_LeavesOutHoursOutsideThePeriod()
    {
        var a = new CostedServer(1, "a", null, null, [], Allocation.None);
        var usage = new[] { new ServerUsage(a, [new UsageBucket(T0.AddHours(-2), 3600, 3600, 3600, 3600, 0, 3600, 0, 0, 0, null, 1, 1, 0), new UsageBucket(T0, 3600, 3600, 3600, 3600, 0, 3600, 0, 0, 0, null, 1, 1, 0)]) };
        var s = CostSummary.Compute(usage, PriceBook.Defaults, T0, T0.AddHours(1));
        Assert.Equal(0.031611m, s.Total);
        Assert.Equal(0m, s.Idle);
    }
}
