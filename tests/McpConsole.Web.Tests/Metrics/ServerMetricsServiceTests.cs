using McpConsole.Core.Metrics;
using McpConsole.Web.Features.Metrics;
using McpConsole.Web.Features.Metrics.Rollups;
using McpConsole.Web.Features.Metrics.Series;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace McpConsole.Web.Tests.Metrics;

public sealed class ServerMetricsServiceTests
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task DayRange_ReadsMinuteRollups_ThenRawSamplesAfterTheWatermark()
    {
        await using var store = await MetricsStore.CreateAsync();
        var id = await store.AddServerAsync("alpha");
        await store.AddSamplesAsync(id, RollupJobTests.FirstMinute(Noon));
        await store.AddSamplesAsync(id, (Noon.AddSeconds(65), true, 100));
        var clock = new FakeTimeProvider(Noon.AddMinutes(2).AddSeconds(5));
        await RollupJobTests.Job(store, clock).RollUpAsync(RollupKind.Minute);
        await store.AddSamplesAsync(id, (Noon.AddMinutes(2).AddSeconds(30), false, 10_000));
        clock.SetUtcNow(Noon.AddMinutes(3));

        var metrics = await Service(store, clock).GetAsync(id, MetricsRange.Day);

        Assert.NotNull(metrics);
        Assert.Equal(
            [
                new SeriesPoint(Noon, 5, 1, 20, 40, 80),
                new SeriesPoint(Noon.AddMinutes(1), 1, 0, 100, 100, 100),
                new SeriesPoint(Noon.AddMinutes(2), 1, 1, null, null, 0),
            ], metrics.Points);
        Assert.Equal(60, metrics.BucketSeconds);
        Assert.Equal(71.429, metrics.AvailabilityPercent);
    }

    [Fact]
    public async Task Slo_DefaultTarget_BudgetAndBurnRate_IncidentsFromStateEvents()
    {
        await using var store = await MetricsStore.CreateAsync();
        var id = await store.AddServerAsync("alpha");
        var now = new DateTimeOffset(2026, 3, 20, 0, 0, 0, TimeSpan.Zero);
        // 2,000 probes this month, 1 failed: 0.05 % of 0.1 % allowed, half the budget left.
        var samples = Enumerable.Range(0, 2000).Select(i => (now.AddMinutes(-2000 + i), i != 1999, 10.0)).ToArray();
        await store.AddSamplesAsync(id, samples);
        await store.AddEventAsync(id, now.AddMinutes(-1), "Healthy", "Down", "connection refused");
        var clock = new FakeTimeProvider(now);

        var metrics = await Service(store, clock).GetAsync(id, MetricsRange.Hour);

        Assert.NotNull(metrics);
        Assert.Equal(99.9, metrics.Slo.TargetPercent);
        Assert.Equal(50, metrics.Slo.BudgetRemainingPercent);
        Assert.Equal(16.67, metrics.Slo.BurnRate1h);   // 1 of 60 failed in the last hour, allowed 0.1 %
        Assert.Equal(0.69, metrics.Slo.BurnRate24h);   // 1 of 1440
        var incident = Assert.Single(metrics.Incidents);
        Assert.Equal(new IncidentView(now.AddMinutes(-1), null, 60, "Down", "connection refused"), incident);
        Assert.Null(await Service(store, clock).GetAsync(id + 1, MetricsRange.Hour));
    }

    private static ServerMetricsService Service(MetricsStore store, TimeProvider clock) =>
        new(store.Database, clock, Options.Create(new MetricsOptions()));
}
