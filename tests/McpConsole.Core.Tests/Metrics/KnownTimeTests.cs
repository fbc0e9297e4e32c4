using McpConsole.Core.Metrics;

namespace McpConsole.Core.Tests.Metrics;

public class KnownTimeTests
{
    private static readonly DateTimeOffset _now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset _dayAgo = _now.AddDays(-1);
    private static readonly TimeSpan _threshold = TimeSpan.FromSeconds(70);

    [Fact]
    public void SamplesWithoutLongGaps_AreAllKnown_UpIsTheSuccessShare()
    {
        var samples = new WindowSamples(100, 75, _dayAgo.AddSeconds(30), _now.AddSeconds(-30), TimeSpan.Zero);
        var a = KnownTime.Of(samples, _dayAgo, null, _now, _threshold);
        Assert.Equal(0, a.UnknownPercent);
        Assert.Equal(75, a.UpPercent);
        Assert.Equal(25, a.DownPercent);
    }

    [Fact]
    public void MissingResults_NeverRaiseUptime_TheyAreUnknown()
    {
        // All probes succeeded, but none for the last 12 h (+ the threshold): about half the day is unknown, not up.
        var samples = new WindowSamples(1440, 1440, _dayAgo, _now.AddHours(-12).AddSeconds(-70), TimeSpan.Zero);
        var a = KnownTime.Of(samples, _dayAgo, null, _now, _threshold);
        Assert.Equal(50, a.UnknownPercent, 1);
        Assert.Equal(50, a.UpPercent!.Value, 1);
        Assert.Equal(TimeSpan.FromHours(12), a.Unknown);
    }

    [Fact]
    public void GapsInside_Count_AndTheWindowStartsAtCreation()
    {
        var created = _now.AddHours(-2);
        var samples = new WindowSamples(10, 10, created, _now, TimeSpan.FromMinutes(30));
        var a = KnownTime.Of(samples, _dayAgo, created, _now, _threshold);
        Assert.Equal(TimeSpan.FromHours(2), a.Window);
        Assert.Equal(25, a.UnknownPercent);
        Assert.Equal(75, a.UpPercent);
    }

    [Fact]
    public void NoSamples_WholeWindowBeyondTheThresholdIsUnknown_AndUptimeIsNone()
    {
        var a = KnownTime.Of(WindowSamples.None, _dayAgo, _now.AddSeconds(-170), _now, _threshold);
        Assert.Null(a.UpPercent);
        Assert.Equal(TimeSpan.FromSeconds(100), a.Unknown);
    }

    [Fact]
    public void ClockBehindTheSamples_GivesNoNegativeTime()
    {
        var samples = new WindowSamples(2, 2, _now.AddMinutes(5), _now.AddMinutes(6), TimeSpan.Zero);
        var a = KnownTime.Of(samples, _dayAgo, _now.AddMinutes(10), _now, _threshold);
        Assert.True(a.Window >= TimeSpan.Zero);
        Assert.True(a.Unknown >= TimeSpan.Zero);
        Assert.InRange(a.UnknownPercent, 0, 100);
    }
}
