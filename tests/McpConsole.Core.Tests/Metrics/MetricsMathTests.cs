using McpConsole.Core.Metrics;

namespace McpConsole.Core.Tests.Metrics;

public sealed class MetricsMathTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 18, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Percentile_NearestRank_OnTwentyValues()
    {
        var values = Enumerable.Range(1, 20).Select(i => (double)i).ToList();
        Assert.Equal(10, Percentile.NearestRank(values, 50));
        Assert.Equal(19, Percentile.NearestRank(values, 95));
        Assert.Equal(20, Percentile.NearestRank(values, 100));
        Assert.Equal(1, Percentile.NearestRank([1.0], 95));
    }

    [Fact]
    public void Bucket_LatencyOfSuccessesOnly_FailuresCountedInAvailability()
    {
        var b = BucketStats.Compute(0, count: 6, failures: 2, [40, 10, 30, 20]);
        Assert.Equal(new BucketStats(0, 6, 2, 10, 25, 40, 20, 40), b);
        Assert.Equal(4 / 6.0, b.Availability, 12);
    }

    [Fact]
    public void Bucket_AllFailed_HasNoLatency_AndZeroAvailability()
    {
        var b = BucketStats.Compute(0, 3, 3, []);
        Assert.Null(b.P95Ms);
        Assert.Equal(0, b.Availability);
        Assert.Throws<ArgumentException>(() => BucketStats.Compute(0, 3, 1, [1]));
    }

    [Fact]
    public void Merge_ExactCountsMinMaxAndWeightedAverage_P95IsTheHighest()
    {
        var merged = BucketMerge.Merge(100, [new BucketStats(100, 4, 0, 10, 20, 30, 20, 30), new BucketStats(200, 2, 1, 5, 50, 50, 50, 50)]);
        Assert.Equal(new BucketStats(100, 6, 1, 5, 26, 50, 26, 50), merged);
    }

    [Fact]
    public void Retention_Cutoffs_DefaultWindows_AndRawNeverPassesTheRollupWatermark()
    {
        var policy = RetentionPolicy.Default;
        var c = policy.CutoffsAt(Now, Now, Now);
        Assert.Equal(Now.AddHours(-48), c.Raw);
        Assert.Equal(Now.AddDays(-30), c.Minutes);
        Assert.Equal(Now.AddDays(-400), c.Hours);
        Assert.Equal(Now.AddDays(-400), c.Events);

        var lagging = policy.CutoffsAt(Now, minuteWatermark: Now.AddDays(-5), hourWatermark: Now);
        Assert.Equal(Now.AddDays(-5).AddHours(-2), lagging.Raw);
        Assert.Throws<ArgumentException>(() => new RetentionPolicy(TimeSpan.FromHours(1), TimeSpan.FromDays(1), TimeSpan.FromDays(2)).Validate());
        Assert.Throws<ArgumentException>(() => new RetentionPolicy(TimeSpan.FromDays(3), TimeSpan.FromDays(1), TimeSpan.FromDays(2)).Validate());
    }

    [Fact]
    public void ErrorBudget_HalfSpent_AndBurnRate()
    {
        Assert.Equal(0.5, ErrorBudget.Remaining(99.9, probes: 10_000, failures: 5), 12);
        Assert.Equal(2, ErrorBudget.BurnRate(99.9, probes: 1_000, failures: 2), 12);
        Assert.Equal(-1, ErrorBudget.Remaining(99, probes: 100, failures: 2), 12);
        Assert.Equal(1, ErrorBudget.Remaining(99.9, 0, 0));
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), ErrorBudget.MonthStart(Now));
        Assert.Throws<ArgumentOutOfRangeException>(() => ErrorBudget.BurnRate(100, 1, 1));
    }

    [Fact]
    public void Incidents_FromStateChanges_WithStartEndAndReason()
    {
        var t = Now;
        var incidents = IncidentTimeline.Build(
        [
            new(t, "Unknown", "Healthy", "first probe"),
            new(t.AddMinutes(1), "Healthy", "Down", "connection refused"),
            new(t.AddMinutes(2), "Down", "Unauthorized", "401"),
            new(t.AddMinutes(5), "Unauthorized", "Healthy", "answered"),
            new(t.AddMinutes(6), "Healthy", "Healthy", "catalog changed"),
            new(t.AddMinutes(7), "Healthy", "Degraded", "slow"),
        ], stateBefore: null, windowStart: t);

        Assert.Equal(
        [
            new Incident(t.AddMinutes(1), t.AddMinutes(5), "Down", "connection refused"),
            new Incident(t.AddMinutes(7), null, "Degraded", "slow"),
        ], incidents);
        Assert.Equal(TimeSpan.FromMinutes(4), incidents[0].DurationAt(t.AddHours(1)));
        Assert.Equal(TimeSpan.FromMinutes(53), incidents[1].DurationAt(t.AddHours(1)));
    }

    [Fact]
    public void Incidents_OpenBeforeTheRange_StartAtTheRangeStart()
    {
        var incidents = IncidentTimeline.Build([new(Now.AddMinutes(3), "Down", "Healthy", "back")], "Down", Now);
        Assert.Equal(new Incident(Now, Now.AddMinutes(3), "Down", "already open at the start of the range"), Assert.Single(incidents));
    }

    [Fact]
    public void Range_Parse_KnownNames_AndFloor()
    {
        Assert.True(MetricsRange.TryParse("7D", out var week));
        Assert.Same(MetricsRange.Week, week);
        Assert.True(MetricsRange.TryParse(null, out var fallback));
        Assert.Same(MetricsRange.Day, fallback);
        Assert.False(MetricsRange.TryParse("2w", out _));
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 18, 0, 0, TimeSpan.Zero), MetricsRange.Floor(Now.AddMinutes(29), TimeSpan.FromHours(1)));
    }
}
