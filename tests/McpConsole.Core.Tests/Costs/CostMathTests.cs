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
        Assert.Equal(new UsageBucket(T0, 77, 38.5, 77, 19_712, 39_424, null, 3, 0.5, 256), b);
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
    public void Integrate_ReadingWithoutCpu_AndNonIncreasingTime_AreUnknown()
    {
        var samples = new[] { At(0, 0, 0), new ResourceSample(T0.AddSeconds(30), null, 500), At(60, 1, 500), At(60, 1, 500) };
        var b = Assert.Single(UsageIntegrator.Integrate(samples, Allocation.None, MaxGap, Hour));
        Assert.Equal(30, b.KnownSeconds);
        Assert.Equal(30, b.UsedCpuCoreSeconds);
    }

    [Fact]
    public void Integrate_IntervalAcrossTheHour_IsSplit_AndRequestsGoToTheReadingsHour()
    {
        var samples = new[] { new ResourceSample(T0.AddSeconds(-30), 0, 0), new ResourceSample(T0.AddSeconds(30), 2, 64, 5) };
        var buckets = UsageIntegrator.Integrate(samples, new Allocation(1, 128), MaxGap, Hour);
        Assert.Equal(
            [
                new UsageBucket(T0.AddHours(-1), 30, 60, 60, 1920, 3840, null, 0, 2, 64),
                new UsageBucket(T0, 30, 60, 60, 1920, 3840, 5, 1, 2, 64),
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
        static UsageBucket Full(DateTimeOffset start, double cores) => new(start, 3600, 0, cores * 3600, 0, 0, 0, 60, 0, 0);
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
        var usage = new[] { new ServerUsage(a, [new UsageBucket(T0.AddHours(-2), 3600, 3600, 3600, 0, 0, null, 1, 1, 0), new UsageBucket(T0, 3600, 3600, 3600, 0, 0, null, 1, 1, 0)]) };
        var s = CostSummary.Compute(usage, PriceBook.Defaults, T0, T0.AddHours(1));
        Assert.Equal(0.031611m, s.Total);
        Assert.Equal(0m, s.Idle);
    }
}
