using McpConsole.Core.Health;

namespace McpConsole.Core.Tests.Health;

public class StateFreshnessTests
{
    private static readonly DateTimeOffset _checked = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan _interval = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan _timeout = TimeSpan.FromSeconds(10);

    // 30 s interval x 2 + 10 s timeout
    private static readonly TimeSpan _threshold = TimeSpan.FromSeconds(70);

    private static StoredState Healthy(DateTimeOffset? checkedAt = null, DateTimeOffset? next = null, bool probed = true) =>
        new("Healthy", "first probe succeeded", _checked.AddHours(-1), checkedAt ?? _checked, next ?? _checked + _interval, _interval, _timeout, probed);

    [Fact]
    public void Threshold_IsTwoIntervalsPlusTimeout()
    {
        Assert.Equal(_threshold, StateFreshness.StaleAfter(_interval, _timeout));
    }

    [Fact]
    public void ExactlyAtThreshold_IsStillFresh_OneTickLater_IsStale()
    {
        var at = StateFreshness.Evaluate(Healthy(), _checked + _threshold);
        Assert.False(at.Stale);
        Assert.Equal("Healthy", at.State);
        Assert.Equal(_threshold, at.Age);

        var after = StateFreshness.Evaluate(Healthy(), _checked + _threshold + TimeSpan.FromTicks(1));
        Assert.True(after.Stale);
        Assert.Equal("Unknown", after.State);
        Assert.Equal("no result since 12:00:00 UTC", after.Reason);
        Assert.Equal(_checked + _threshold, after.Since);
        Assert.Equal("Healthy", after.LastKnownState);
        Assert.Equal("first probe succeeded", after.LastKnownReason);
    }

    [Fact]
    public void ClockBehindLastCheck_GivesAgeZero_NeverNegative()
    {
        var result = StateFreshness.Evaluate(Healthy(), _checked - TimeSpan.FromMinutes(5));
        Assert.Equal(TimeSpan.Zero, result.Age);
        Assert.False(result.Stale);
        Assert.Equal("Healthy", result.State);
    }

    [Fact]
    public void NeverChecked_StaysAsStored_WithoutAge()
    {
        var stored = new StoredState("Unknown", "not probed yet", null, null, null, _interval, _timeout);
        var result = StateFreshness.Evaluate(stored, _checked.AddDays(3));
        Assert.Equal("Unknown", result.State);
        Assert.Equal("not probed yet", result.Reason);
        Assert.Null(result.Age);
        Assert.False(result.Stale);
    }

    [Fact]
    public void NotProbed_Disabled_KeepsItsLastState_WithItsAge()
    {
        var result = StateFreshness.Evaluate(Healthy(probed: false), _checked.AddHours(2));
        Assert.Equal("Healthy", result.State);
        Assert.False(result.Stale);
        Assert.Equal(TimeSpan.FromHours(2), result.Age);
    }

    [Fact]
    public void PlannedBackOff_DelaysStaleness_UntilThePlannedProbeIsOverdue()
    {
        var next = _checked + TimeSpan.FromMinutes(8);
        var stored = new StoredState("Misconfigured", "command not found", _checked, _checked, next, _interval, _timeout);
        Assert.False(StateFreshness.Evaluate(stored, next + _interval + _timeout).Stale);
        Assert.True(StateFreshness.Evaluate(stored, next + _interval + _timeout + TimeSpan.FromSeconds(1)).Stale);
    }

    [Fact]
    public void AnEarlierPlannedProbe_NeverShortensTheThreshold()
    {
        // A stdio restart planned 1 s after the exit: still interval x 2 + timeout before stale.
        var stored = Healthy(next: _checked + TimeSpan.FromSeconds(1));
        Assert.False(StateFreshness.Evaluate(stored, _checked + _threshold).Stale);
    }

    [Fact]
    public void StaleSinceAnotherDay_NamesTheDate()
    {
        var result = StateFreshness.Evaluate(Healthy(), _checked.AddDays(1).AddHours(1));
        Assert.Equal("no result since 2026-11-25 12:00:00 UTC", result.Reason);
    }

    [Theory]
    [InlineData(0.4, "just now")]
    [InlineData(12, "12 s ago")]
    [InlineData(300, "5 min ago")]
    [InlineData(3 * 3600, "3 h ago")]
    [InlineData(3 * 86400, "3 d ago")]
    public void DescribeAge_ReadsLikeAnOperatorWouldSayIt(double seconds, string expected)
    {
        Assert.Equal(expected, StateFreshness.DescribeAge(TimeSpan.FromSeconds(seconds)));
    }
}
