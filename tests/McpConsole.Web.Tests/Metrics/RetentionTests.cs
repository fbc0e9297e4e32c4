using McpConsole.Web.Features.Metrics;
using McpConsole.Web.Features.Metrics.Rollups;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace McpConsole.Web.Tests.Metrics;

public sealed class RetentionTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Retention_DeletesEachKindPastItsWindow_KeepsEventsForTheLongRetention_AndASecondRunDeletesNothing()
    {
        await using var store = await MetricsStore.CreateAsync();
        var id = await store.AddServerAsync("alpha");
        var now = Start.AddDays(41);
        await store.AddSamplesAsync(id,
            (Start.AddSeconds(10), true, 5),          // 41 days old: raw and minute row go, hour row stays
            (now.AddHours(-49), false, 9000),        // raw goes (older than 48 h), its minute row stays
            (now.AddHours(-47), true, 12));          // everything stays
        await store.AddEventAsync(id, now.AddDays(-401), "Healthy", "Down", "refused");
        await store.AddEventAsync(id, now.AddDays(-399), "Down", "Healthy", "answered");
        await store.AddEventAsync(id, Start.AddSeconds(10), "Healthy", "Down", "older than the raw samples, kept");
        var clock = new FakeTimeProvider(now);
        var rollups = RollupJobTests.Job(store, clock);
        await rollups.RollUpAsync(RollupKind.Minute);
        await rollups.RollUpAsync(RollupKind.Hour);
        var retention = Retention(store, clock);

        var first = await retention.ApplyAsync();
        var second = await retention.ApplyAsync();

        Assert.Equal(new RetentionResult(RawSamples: 2, MinuteRows: 1, HourRows: 0, StateEvents: 1), first);
        Assert.Equal(new RetentionResult(0, 0, 0, 0), second);
        Assert.Equal(1, await store.ScalarAsync("SELECT COUNT(*) FROM ProbeSamples"));
        Assert.Equal(2, await store.ScalarAsync("SELECT COUNT(*) FROM MinuteRollups"));
        Assert.Equal(3, await store.ScalarAsync("SELECT COUNT(*) FROM HourRollups"));
        Assert.Equal(2, await store.ScalarAsync("SELECT COUNT(*) FROM StateEvents"));
    }

    [Fact]
    public async Task Retention_KeepsOldRawSamplesThatNoRollupHasReadYet()
    {
        await using var store = await MetricsStore.CreateAsync();
        var id = await store.AddServerAsync("alpha");
        await store.AddSamplesAsync(id, (Start, true, 5), (Start.AddMinutes(1), true, 6));
        var clock = new FakeTimeProvider(Start.AddDays(3));

        var result = await Retention(store, clock).ApplyAsync();

        Assert.Equal(0, result.RawSamples);
        Assert.Equal(2, await store.ScalarAsync("SELECT COUNT(*) FROM ProbeSamples"));
    }

    [Fact]
    public async Task Retention_ShorterConfiguredWindows_AreHonoured()
    {
        await using var store = await MetricsStore.CreateAsync();
        var id = await store.AddServerAsync("alpha");
        var now = Start.AddDays(2);
        await store.AddSamplesAsync(id, (now.AddHours(-5), true, 5), (now.AddHours(-3), true, 6), (now.AddMinutes(-30), true, 7));
        var clock = new FakeTimeProvider(now);
        var rollups = RollupJobTests.Job(store, clock);
        await rollups.RollUpAsync(RollupKind.Minute);
        await rollups.RollUpAsync(RollupKind.Hour);
        var options = new MetricsOptions { RawRetention = TimeSpan.FromHours(2), MinuteRetention = TimeSpan.FromHours(4), HourRetention = TimeSpan.FromDays(1) };

        var result = await Retention(store, clock, options).ApplyAsync();

        Assert.Equal(new RetentionResult(RawSamples: 2, MinuteRows: 1, HourRows: 0, StateEvents: 0), result);
    }

    private static RetentionJob Retention(MetricsStore store, TimeProvider clock, MetricsOptions? options = null) =>
        new(store.Database, clock, Options.Create(options ?? new MetricsOptions()), NullLogger<RetentionJob>.Instance);
}
