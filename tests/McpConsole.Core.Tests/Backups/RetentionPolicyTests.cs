using McpConsole.Core.Backups;
using Microsoft.Extensions.Time.Testing;

namespace McpConsole.Core.Tests.Backups;

public class RetentionPolicyTests
{
    private static readonly DateTimeOffset _start = new(2026, 1, 1, 0, 30, 0, TimeSpan.Zero);

    /// <summary>A backup every 6 hours for 120 days on a fake clock: 480 backups.</summary>
    private static List<(string Id, DateTimeOffset CreatedAt)> EverySixHours(int days)
    {
        var clock = new FakeTimeProvider(_start);
        var backups = new List<(string, DateTimeOffset)>();
        for (var i = 0; i < days * 4; i++)
        {
            backups.Add(($"b{i:0000}", clock.GetUtcNow()));
            clock.Advance(TimeSpan.FromHours(6));
        }
        return backups;
    }

    [Fact]
    public void Apply_LastThreeDailySevenWeeklyFourMonthlySix_KeepsExactlyThoseBackups()
    {
        var backups = EverySixHours(120);
        var decision = new RetentionPolicy(KeepLast: 3, KeepDaily: 7, KeepWeekly: 4, KeepMonthly: 6).Apply(backups);

        var newest = backups[^1].CreatedAt; // 2026-04-30 18:30
        Assert.Equal(new DateTimeOffset(2026, 4, 30, 18, 30, 0, TimeSpan.Zero), newest);
        var expected = new HashSet<DateTimeOffset>
        {
            // last 3
            newest, newest.AddHours(-6), newest.AddHours(-12),
        };
        // daily: newest of each of the 7 newest days (18:30 each day), Apr 24..30
        for (var d = 0; d < 7; d++)
            expected.Add(newest.AddDays(-d));
        // weekly (ISO weeks, Monday start): newest of the week of Apr 30 (Thu), then Sundays Apr 26, 19, 12
        expected.UnionWith([new(2026, 4, 26, 18, 30, 0, TimeSpan.Zero), new(2026, 4, 19, 18, 30, 0, TimeSpan.Zero), new(2026, 4, 12, 18, 30, 0, TimeSpan.Zero)]);
        // monthly: last backup of Apr, Mar, Feb, Jan (only four months exist)
        expected.UnionWith([new(2026, 3, 31, 18, 30, 0, TimeSpan.Zero), new(2026, 2, 28, 18, 30, 0, TimeSpan.Zero), new(2026, 1, 31, 18, 30, 0, TimeSpan.Zero)]);

        var keptTimes = decision.Kept.Select(k => backups.Single(b => b.Id == k.Id).CreatedAt).ToHashSet();
        Assert.Equal(expected.OrderBy(t => t), keptTimes.OrderBy(t => t));
        Assert.Equal(backups.Count - expected.Count, decision.Pruned.Count);
        Assert.Equal(["last", "daily", "weekly", "monthly"], decision.Kept[0].Reasons);
    }

    [Fact]
    public void Apply_KeepDaily_SkipsDaysWithoutBackups()
    {
        var t = new DateTimeOffset(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);
        var backups = new List<(string, DateTimeOffset)> { ("a", t), ("b", t.AddDays(-5)), ("c", t.AddDays(-9)), ("d", t.AddDays(-9).AddHours(-1)) };
        var decision = new RetentionPolicy(0, KeepDaily: 3, 0, 0).Apply(backups);
        Assert.Equal(["a", "b", "c"], decision.Kept.Select(k => k.Id));
        Assert.Equal(["d"], decision.Pruned);
    }

    [Fact]
    public void Apply_AllZero_KeepsEverything()
    {
        var backups = EverySixHours(3);
        var decision = new RetentionPolicy(0, 0, 0, 0).Apply(backups);
        Assert.Equal(12, decision.Kept.Count);
        Assert.Empty(decision.Pruned);
    }

    [Fact]
    public void Apply_KeepLastOnly_KeepsNewestN()
    {
        var backups = EverySixHours(2);
        var decision = new RetentionPolicy(KeepLast: 2, 0, 0, 0).Apply(backups);
        Assert.Equal(["b0007", "b0006"], decision.Kept.Select(k => k.Id));
        Assert.Equal(6, decision.Pruned.Count);
    }

    [Fact]
    public void Validate_NegativeCount_IsRefused()
    {
        Assert.NotNull(new RetentionPolicy(-1, 0, 0, 0).Validate());
        Assert.Null(RetentionPolicy.Default.Validate());
    }
}
