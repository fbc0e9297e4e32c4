using McpConsole.Core.Health;
using Microsoft.Extensions.Time.Testing;

namespace McpConsole.Core.Tests.Health;

public class ProbeScheduleTests
{
    private sealed class FixedRandom(double value) : Random
    {
        public override double NextDouble() => value;
    }

    private static readonly DateTimeOffset _now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(_now);
    private static readonly TimeSpan _interval = TimeSpan.FromSeconds(30);

    private static HealthStatus Status(HealthState state, int failures) =>
        HealthStatus.Initial with { State = state, ConsecutiveFailures = failures };

    [Theory]
    [InlineData(HealthState.Unknown, 0)]
    [InlineData(HealthState.Healthy, 0)]
    [InlineData(HealthState.Degraded, 0)]
    [InlineData(HealthState.Down, 7)]
    public void NextProbeAt_NormalStates_IsNowPlusInterval(HealthState state, int failures)
    {
        Assert.Equal(_now + _interval, ProbeSchedule.NextProbeAt(Status(state, failures), _interval, _time, new FixedRandom(0)));
    }

    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(3, 120)]
    [InlineData(7, 1800)]
    [InlineData(8, 1800)]
    public void NextProbeAt_Misconfigured_BacksOffExponentiallyToThirtyMinutes(int failures, int expectedSeconds)
    {
        var next = ProbeSchedule.NextProbeAt(Status(HealthState.Misconfigured, failures), _interval, _time, new FixedRandom(0));

        Assert.Equal(_now.AddSeconds(expectedSeconds), next);
    }

    [Fact]
    public void NextProbeAt_Unauthorized_BacksOffToo()
    {
        var next = ProbeSchedule.NextProbeAt(Status(HealthState.Unauthorized, 3), _interval, _time, new FixedRandom(0));

        Assert.Equal(_now.AddSeconds(120), next);
    }

    [Fact]
    public void NextProbeAt_BackoffShorterThanInterval_UsesInterval()
    {
        var next = ProbeSchedule.NextProbeAt(Status(HealthState.Misconfigured, 1), TimeSpan.FromMinutes(5), _time, new FixedRandom(1));

        Assert.Equal(_now.AddMinutes(5), next);
    }

    [Fact]
    public void NextProbeAt_JitterAndCustomPolicy_AreApplied()
    {
        var policy = new BackoffPolicy(TimeSpan.FromSeconds(100), TimeSpan.FromSeconds(1000), 2, 0.5);

        var next = ProbeSchedule.NextProbeAt(Status(HealthState.Misconfigured, 2), _interval, _time, new FixedRandom(0.5), policy);

        Assert.Equal(_now.AddSeconds(150), next);
    }

    [Fact]
    public void NextProbeAt_FollowsTheFakeClock()
    {
        _time.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(_now.AddMinutes(10) + _interval, ProbeSchedule.NextProbeAt(HealthStatus.Initial, _interval, _time, new Random(3)));
    }

    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(0.5, 15_000)]
    [InlineData(0.999, 29_970)]
    public void FirstProbeAt_SpreadsOverOneInterval(double random, int expectedMs)
    {
        Assert.Equal(_now.AddMilliseconds(expectedMs), ProbeSchedule.FirstProbeAt(_interval, _time, new FixedRandom(random)));
    }
}
