using McpConsole.Web.Features.Metrics.Rollups;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace McpConsole.Web.Tests.Metrics;

public sealed class RollupJobTests
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task MinuteRollup_ComputesCountFailuresAndLatencyPercentiles_ExactlyPerMinute()
    {
        await using var store = await MetricsStore.CreateAsync();
        var id = await store.AddServerAsync("alpha");
        await store.AddSamplesAsync(id, FirstMinute(Noon));
        await store.AddSamplesAsync(id, (Noon.AddSeconds(65), true, 100));
        var clock = new FakeTimeProvider(Noon.AddMinutes(2).AddSeconds(5));

        var written = await Job(store, clock).RollUpAsync(RollupKind.Minute);

        Assert.Equal(2, written);
        var rows = await ReadAsync(store, "MinuteRollups");
        Assert.Equal(
            [
                new Row(Noon.UtcTicks, 5, 1, 10, 25, 40, 20, 40),
                new Row(Noon.AddMinutes(1).UtcTicks, 1, 0, 100, 100, 100, 100, 100),
            ], rows);
        Assert.Equal(Noon.AddMinutes(2).UtcTicks, await store.ScalarAsync("SELECT UpTo FROM RollupWatermarks WHERE Name = 'minute'"));
    }

    [Fact]
    public async Task MinuteRollup_RunTwiceAndWithALateSample_CountsNothingTwice()
    {
        await using var store = await MetricsStore.CreateAsync();
        var id = await store.AddServerAsync("alpha");
        await store.AddSamplesAsync(id, FirstMinute(Noon));
        await store.AddSamplesAsync(id, (Noon.AddSeconds(65), true, 100));
        var clock = new FakeTimeProvider(Noon.AddMinutes(2).AddSeconds(5));
        var job = Job(store, clock);
        await job.RollUpAsync(RollupKind.Minute);

        await job.RollUpAsync(RollupKind.Minute);
        await store.AddSamplesAsync(id, (Noon.AddSeconds(90), true, 200)); // written late, into an already rolled-up minute
        clock.Advance(TimeSpan.FromMinutes(1));
        await job.RollUpAsync(RollupKind.Minute);

        var rows = await ReadAsync(store, "MinuteRollups");
        Assert.Equal(
            [
                new Row(Noon.UtcTicks, 5, 1, 10, 25, 40, 20, 40),
                new Row(Noon.AddMinutes(1).UtcTicks, 2, 0, 100, 150, 200, 100, 200),
            ], rows);
    }

    [Fact]
    public async Task HourRollup_CrashMidJob_LeavesNothingHalfDone_AndTheRerunMatchesACleanRun()
    {
        await using var crashed = await MetricsStore.CreateAsync();
        await using var clean = await MetricsStore.CreateAsync();
        foreach (var store in new[] { crashed, clean })
        {
            var a = await store.AddServerAsync("alpha");
            var b = await store.AddServerAsync("beta");
            await store.AddSamplesAsync(a, FirstMinute(Noon));
            await store.AddSamplesAsync(b, (Noon.AddMinutes(30), false, 9000), (Noon.AddMinutes(31), true, 7));
        }

        var clock = new FakeTimeProvider(Noon.AddHours(1).AddMinutes(2));
        var job = Job(crashed, clock);
        job.AfterServer = (_, serverId) => throw new InvalidOperationException($"simulated crash after server {serverId}");
        await Assert.ThrowsAsync<InvalidOperationException>(() => job.RollUpAsync(RollupKind.Hour));
        Assert.Equal(0, await crashed.ScalarAsync("SELECT COUNT(*) FROM HourRollups"));
        Assert.Equal(0, await crashed.ScalarAsync("SELECT COUNT(*) FROM RollupWatermarks"));

        job.AfterServer = null;
        await job.RollUpAsync(RollupKind.Hour);
        await job.RollUpAsync(RollupKind.Hour);
        await Job(clean, clock).RollUpAsync(RollupKind.Hour);

        var rows = await ReadAsync(crashed, "HourRollups");
        Assert.Equal(
            [
                new Row(Noon.UtcTicks, 5, 1, 10, 25, 40, 20, 40),
                new Row(Noon.UtcTicks, 2, 1, 7, 7, 7, 7, 7),
            ], rows);
        Assert.Equal(await ReadAsync(clean, "HourRollups"), rows);
    }

    /// <summary>Four successes (10, 20, 30, 40 ms) and one failure (500 ms) in the minute starting at <paramref name="start"/>.</summary>
    internal static (DateTimeOffset, bool, double)[] FirstMinute(DateTimeOffset start) =>
    [
        (start, true, 30), (start.AddSeconds(10), true, 10), (start.AddSeconds(20), false, 500),
        (start.AddSeconds(30), true, 40), (start.AddSeconds(40), true, 20),
    ];

    internal static RollupJob Job(MetricsStore store, TimeProvider clock) => new(store.Database, clock, NullLogger<RollupJob>.Instance);

    internal sealed record Row(long Start, int Count, int Failures, double? Min, double? Avg, double? Max, double? P50, double? P95);

    internal static async Task<List<Row>> ReadAsync(MetricsStore store, string table)
    {
        await using var connection = await store.Database.OpenAsync();
        await using var command = connection.CreateCommand();
        var bucketTicks = table == RollupKind.Minute.Table ? RollupKind.Minute.Bucket.Ticks : RollupKind.Hour.Bucket.Ticks;
        command.CommandText = $"SELECT Bucket * {bucketTicks}, Count, Failures, MinMs, AvgMs, MaxMs, P50Ms, P95Ms FROM {table} ORDER BY ServerId, Bucket";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<Row>();
        double? D(int i) => reader.IsDBNull(i) ? null : reader.GetDouble(i);
        while (await reader.ReadAsync())
            rows.Add(new Row(reader.GetInt64(0), reader.GetInt32(1), reader.GetInt32(2), D(3), D(4), D(5), D(6), D(7)));
        return rows;
    }
}
