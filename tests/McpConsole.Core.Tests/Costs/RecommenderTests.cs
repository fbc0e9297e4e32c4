using McpConsole.Core.Costs;

namespace McpConsole.Core.Tests.Costs;

public sealed class RecommenderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly RecommendationPolicy Policy = RecommendationPolicy.Default;

    /// <summary>A reading every 60 s for <paramref name="hours"/> hours up to now, with usage as a function of the index.</summary>
    private static List<ResourceSample> Readings(double hours, Func<int, double> cpu, double memory, long? requests = null)
    {
        var count = (int)(hours * 60);
        return [.. Enumerable.Range(0, count + 1).Select(i => new ResourceSample(Now.AddMinutes(i - count), cpu(i), memory, requests))];
    }

    private static ServerReadings Server(int id, Allocation allocation, List<ResourceSample> samples, string? command = null, decimal monthly = 0) =>
        new(new CostedServer(id, $"s{id}", null, null, [], allocation), Price.Default, samples, command, monthly);

    [Fact]
    public void WeightedPercentile_WeighsByTimeNotByCount()
    {
        // 10 s at 0.1, 80 s at 0.2, 10 s at 0.9: half the time is at or below 0.2, 95 % only at 0.9.
        var values = new[] { (0.9, 10.0), (0.1, 10.0), (0.2, 80.0) };
        Assert.Equal(0.2, Recommender.WeightedPercentile(values, 50));
        Assert.Equal(0.2, Recommender.WeightedPercentile(values, 90));
        Assert.Equal(0.9, Recommender.WeightedPercentile(values, 95));
        // By count (nearest rank over three readings) p50 would be 0.2 too, but p90 0.9: the 10 s spike is not 1/3 of the time.
    }

    [Fact]
    public void CpuUnderUsed_ScaleDownToP95PlusHeadroom_WithEvidenceAndSaving()
    {
        // 25 h at 0.2 cores except 3 % of readings at 0.3 (below the p95): allocated 2 cores, 1 GB; memory 300 MB (29 %: fine).
        var samples = Readings(25, i => i % 100 < 3 ? 0.3 : 0.2, 300);
        var set = Recommender.Compute([Server(1, new Allocation(2, 1024), samples)], Policy, Now);

        var r = Assert.Single(set.Items);
        Assert.Empty(set.Waiting);
        Assert.Equal(RecommendationKind.CpuDown, r.Kind);
        Assert.Equal("Scale down CPU from 2 to 0.25 cores", r.Action);
        Assert.Equal(0.2, r.Evidence.Value);
        Assert.Equal(95, r.Evidence.Percentile);
        Assert.Equal(1500, r.Evidence.Samples);
        Assert.Equal(25, r.Evidence.KnownHours, 9);
        Assert.Equal(0.25, r.Evidence.Recommended);
        // The 3 % of the time at 0.3 cores still bills 0.3 after the change (saving 1.7 cores there, 1.75 elsewhere):
        // (0.97 x 1.75 + 0.03 x 1.7) = 1.7485 cores x $0.031611 x 730 h = 40.3484
        Assert.Equal(40.35m, r.MonthlySaving);
        Assert.Contains("p95 CPU 0.2 cores is 10 % of the 2 cores allocated (under-used, below 20 %); +15 % headroom gives 0.25 cores.", r.Evidence.Text);
        Assert.Contains("1500 readings over 25 h", r.Evidence.Text);
    }

    [Fact]
    public void CpuOverUsed_ScaleUp_SavingIsNegative()
    {
        var samples = Readings(24, _ => 0.45, 100);
        var r = Assert.Single(Recommender.Compute([Server(1, new Allocation(0.5, null), samples)], Policy, Now).Items);
        Assert.Equal(RecommendationKind.CpuUp, r.Kind);
        Assert.Equal("Scale up CPU from 0.5 to 0.55 cores", r.Action); // 0.45 x 1.15 = 0.5175, rounded up to 0.05
        Assert.Equal(-1.15m, r.MonthlySaving); // -0.05 cores x 0.031611 x 730 = -1.1538
    }

    [Fact]
    public void MemoryUnderUsed_RoundsUpTo32Mb()
    {
        var samples = Readings(24, _ => 0.5, 100);
        var r = Assert.Single(Recommender.Compute([Server(1, new Allocation(1, 2048), samples)], Policy, Now).Items);
        Assert.Equal(RecommendationKind.MemoryDown, r.Kind);
        Assert.Equal("Scale down memory from 2048 to 128 MB", r.Action); // 100 x 1.15 = 115 -> 128
        Assert.Equal(5.80m, r.MonthlySaving); // 1920 MB = 1.875 GB x 0.004237 x 730 = 5.7994
    }

    [Fact]
    public void TooLittleData_SaysHowManyMoreHours_AndRecommendsNothing()
    {
        var samples = Readings(10, _ => 0.01, 10);
        var set = Recommender.Compute([Server(1, new Allocation(4, 4096), samples)], Policy, Now);
        Assert.Empty(set.Items);
        var w = Assert.Single(set.Waiting);
        Assert.Equal(14, w.MoreHours);
        Assert.Equal("Not enough data: need 14 more hours of measurements (have 10 h of 24 h).", w.Text);
    }

    [Fact]
    public void UnderAnHourOfData_SaysMinutes()
    {
        var w = new DataShortfall(1, "new", HaveHours: 0.3, NeedHours: 24);
        Assert.Equal("Not enough data: need 24 more hours of measurements (have 18 min of 24 h).", w.Text);
    }

    [Fact]
    public void GapsDoNotCountAsData()
    {
        // 30 h of readings with the middle 20 h missing: 10 h known, not 30.
        var samples = Readings(30, _ => 0.01, 10).Where(s => s.At <= Now.AddHours(-25) || s.At >= Now.AddHours(-5)).ToList();
        var w = Assert.Single(Recommender.Compute([Server(1, new Allocation(4, 4096), samples)], Policy, Now).Waiting);
        Assert.Equal(10, w.HaveHours, 9);
    }

    [Fact]
    public void NoRequestsFor24h_RecommendsShutdown_WithTheWholeMonthlyCost()
    {
        var idle = Server(1, Allocation.None, Readings(25, _ => 0.1, 100, requests: 0), monthly: 12.345m);
        var busy = Server(2, Allocation.None, Readings(25, _ => 0.1, 100, requests: 0).Select((s, i) => i == 700 ? s with { Requests = 1 } : s).ToList(), monthly: 9);
        var unknown = Server(3, Allocation.None, Readings(25, _ => 0.1, 100, requests: null), monthly: 9);
        var r = Assert.Single(Recommender.Compute([idle, busy, unknown], Policy, Now).Items);
        Assert.Equal((1, RecommendationKind.Idle, 12.35m), (r.ServerId, r.Kind, r.MonthlySaving));
        Assert.Equal("0 client requests in 1440 readings covering 24 h of the last 24 h "
            + "(from the server's own metrics: mcp_requests_total for tools/call, prompts/get, completion/complete).", r.Evidence.Text);
    }

    [Fact]
    public void NoRequestsFor24h_CountedByTheConsole_SaysSo()
    {
        // A stdio server: the console's counts, 0 client requests per reading (its probes are not counted as demand).
        var stdio = Server(1, Allocation.None, Readings(25, _ => 0.1, 100, requests: 0), monthly: 3) with { RequestSource = RequestCountSource.Console };
        var r = Assert.Single(Recommender.Compute([stdio], Policy, Now).Items);
        Assert.Equal(RecommendationKind.Idle, r.Kind);
        Assert.Equal("0 client requests in 1440 readings covering 24 h of the last 24 h "
            + "(counted by the console, this stdio server's only client; the console's own probes are not client requests).", r.Evidence.Text);
    }

    [Fact]
    public void SameCommandAndArguments_ConsolidateIntoTheOldest()
    {
        var few = Readings(1, _ => 0.1, 100, requests: null);
        var set = Recommender.Compute(
            [Server(3, Allocation.None, few, "node server.js --port 1", 5), Server(1, Allocation.None, few, "node server.js --port 1", 7), Server(2, Allocation.None, few, "node other.js", 1)],
            Policy, Now);
        var r = Assert.Single(set.Items);
        Assert.Equal((3, RecommendationKind.Duplicate, "Consolidate into 's1'", 5m), (r.ServerId, r.Kind, r.Action, r.MonthlySaving));
    }

    [Fact]
    public void MemoryOnlyReadings_MemoryAdvice_ButNoCpuAdviceWithoutCpuEvidence()
    {
        // 25 h of memory (100 MB of 2048) and no CPU at all: CPU "0" would read as under-used; it is unknown instead.
        var samples = Readings(25, _ => 0, 100).Select(s => s with { CpuCores = null }).ToList();
        var set = Recommender.Compute([Server(1, new Allocation(2, 2048), samples)], Policy, Now);
        var r = Assert.Single(set.Items);
        Assert.Empty(set.Waiting);
        Assert.Equal(RecommendationKind.MemoryDown, r.Kind);
        Assert.Equal((1500, 25.0), (r.Evidence.Samples, Math.Round(r.Evidence.KnownHours, 9)));
    }

    [Fact]
    public void CpuEvidenceCountsOnlyReadingsWithCpu()
    {
        // 30 h of readings; CPU only in the last 20 h (the rest reported memory only). Memory 512 of 1024 is fine.
        // CPU has 20 h: not enough for CPU advice, and memory (30 h) keeps the server off the waiting list.
        var samples = Readings(30, _ => 0.01, 512).Select(s => s.At <= Now.AddHours(-20) ? s with { CpuCores = null } : s).ToList();
        var set = Recommender.Compute([Server(1, new Allocation(4, 1024), samples)], Policy, Now);
        Assert.Empty(set.Items);
        Assert.Empty(set.Waiting);

        // With 25 h of CPU among them, the CPU advice rests on those 25 h only.
        var more = Readings(30, _ => 0.01, 512).Select(s => s.At <= Now.AddHours(-25) ? s with { CpuCores = null } : s).ToList();
        var r = Assert.Single(Recommender.Compute([Server(1, new Allocation(4, 1024), more)], Policy, Now).Items);
        Assert.Equal(RecommendationKind.CpuDown, r.Kind);
        Assert.Equal((1500, 25.0), (r.Evidence.Samples, Math.Round(r.Evidence.KnownHours, 9)));
    }

    [Fact]
    public void WithinThresholds_NoRecommendation()
    {
        var samples = Readings(48, _ => 0.5, 512);
        Assert.Empty(Recommender.Compute([Server(1, new Allocation(1, 1024), samples)], Policy, Now).Items);
    }
}
