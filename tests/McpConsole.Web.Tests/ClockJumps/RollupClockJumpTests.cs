using McpConsole.TestSupport;
using McpConsole.Web.Features.Metrics.Rollups;
using McpConsole.Web.Tests.Metrics;

namespace McpConsole.Web.Tests.ClockJumps;

/// <summary>The host clock steps forward and back under the minute roll-up: the watermark never moves back, no bucket is duplicated or skipped.</summary>
public sealed class RollupClockJumpTests
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ClockJumpsBack_TheWatermarkStays_AndSamplesStampedByTheJumpedBackClockAreRolledUpOnce()
    {
        await using var store = await MetricsStore.CreateAsync();
        var id = await store.AddServerAsync("alpha");
        for (var minute = 0; minute < 6; minute++)
            await store.AddSamplesAsync(id, (Noon.AddMinutes(minute).AddSeconds(10), true, 10 + minute));
        var clock = new JumpingClock(Noon.AddMinutes(6).AddSeconds(5));
        var job = RollupJobTests.Job(store, clock);
        await job.RollUpAsync(RollupKind.Minute);
        Assert.Equal(Noon.AddMinutes(6).UtcTicks, await Watermark(store));

        clock.Jump(TimeSpan.FromMinutes(-1)); // now 12:05:05: inside the overlap the old code rewound the watermark into
        await job.RollUpAsync(RollupKind.Minute);
        Assert.Equal(Noon.AddMinutes(6).UtcTicks, await Watermark(store));

        clock.Jump(TimeSpan.FromMinutes(-59)); // now 11:06:05, an hour behind: probes go on and stamp samples with it
        await store.AddSamplesAsync(id, (Noon.AddMinutes(-54).AddSeconds(20), true, 99));
        clock.Jump(TimeSpan.FromMinutes(2)); // ... and the clock moves on to 11:08:05
        await job.RollUpAsync(RollupKind.Minute);
        await job.RollUpAsync(RollupKind.Minute);
        Assert.Equal(Noon.AddMinutes(6).UtcTicks, await Watermark(store));

        var rows = await RollupJobTests.ReadAsync(store, RollupKind.Minute.Table);
        Assert.Equal(rows.Count, rows.Select(r => r.Start).Distinct().Count());
        Assert.Contains(rows, r => r.Start == Noon.AddMinutes(-54).UtcTicks && r.Count == 1 && r.Max == 99);
        Assert.Equal(7, rows.Count); // six minutes before the jump, one after: each once
        Assert.Equal(7, rows.Sum(r => r.Count));
    }

    [Fact]
    public async Task ClockJumpsForwardTwoHours_EveryBucketIsRolledUpOnce_AndAJumpBackAfterwardsKeepsThem()
    {
        await using var store = await MetricsStore.CreateAsync();
        var id = await store.AddServerAsync("alpha");
        await store.AddSamplesAsync(id, (Noon.AddSeconds(10), true, 10), (Noon.AddMinutes(1).AddSeconds(10), true, 11));
        var clock = new JumpingClock(Noon.AddMinutes(2).AddSeconds(5));
        var job = RollupJobTests.Job(store, clock);
        await job.RollUpAsync(RollupKind.Minute);

        clock.Jump(TimeSpan.FromHours(2));
        await store.AddSamplesAsync(id, (clock.GetUtcNow().AddSeconds(-30), true, 12));
        await job.RollUpAsync(RollupKind.Minute);
        await job.RollUpAsync(RollupKind.Minute);
        var afterForward = await Watermark(store);
        Assert.Equal(Noon.AddHours(2).AddMinutes(2).UtcTicks, afterForward);

        clock.Jump(TimeSpan.FromHours(-1));
        await job.RollUpAsync(RollupKind.Minute);
        Assert.Equal(afterForward, await Watermark(store));
        var rows = await RollupJobTests.ReadAsync(store, RollupKind.Minute.Table);
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r => Assert.Equal(1, r.Count));
    }

    private static async Task<long> Watermark(MetricsStore store) =>
        await store.ScalarAsync("SELECT UpTo FROM RollupWatermarks WHERE Name = 'minute'");
}
