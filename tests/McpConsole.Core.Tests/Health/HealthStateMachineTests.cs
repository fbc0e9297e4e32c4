using McpConsole.Core.Health;
using Microsoft.Extensions.Time.Testing;

namespace McpConsole.Core.Tests.Health;

public class HealthStateMachineTests
{
    private static readonly DateTimeOffset _start = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly ProbeResult _ok = ProbeResult.Success(TimeSpan.FromMilliseconds(45));
    private static readonly ProbeResult _refused = ProbeResult.Failed(ProbeFailure.ConnectionRefused("127.0.0.1:5100"), TimeSpan.FromMilliseconds(3));

    private readonly FakeTimeProvider _time = new(_start);
    private readonly HealthStateMachine _machine = new();
    private HealthStatus _status = HealthStatus.Initial;

    /// <summary>Applies one probe at the fake clock's time, then advances the clock by the 30 s default interval.</summary>
    private HealthEvaluation Probe(ProbeResult result)
    {
        var evaluation = _machine.Next(_status, result, _time.GetUtcNow());
        _status = evaluation.Status;
        _time.Advance(TimeSpan.FromSeconds(30));
        return evaluation;
    }

    [Fact]
    public void Initial_IsUnknownNotProbedYet()
    {
        Assert.Equal(HealthState.Unknown, HealthStatus.Initial.State);
        Assert.Equal("not probed yet", HealthStatus.Initial.Reason);
        Assert.Null(HealthStatus.Initial.Since);
    }

    [Fact]
    public void FirstSuccessFromUnknown_IsHealthyAtOnce()
    {
        var evaluation = Probe(_ok);

        Assert.Equal(new StateTransition(HealthState.Unknown, HealthState.Healthy, "first probe succeeded (45 ms)", _start), evaluation.Transition);
        Assert.True(evaluation.Changed);
        Assert.Equal(HealthState.Healthy, _status.State);
        Assert.Equal(_start, _status.Since);
        Assert.Equal(_start, _status.LastProbeAt);
        Assert.Equal(TimeSpan.FromMilliseconds(45), _status.LastLatency);
        Assert.Equal(1, _status.ConsecutiveSuccesses);
    }

    [Fact]
    public void ThreeConsecutiveFailures_FromHealthy_GoDownOnTheThird()
    {
        Probe(_ok);

        var first = Probe(_refused);
        var second = Probe(_refused);
        var third = Probe(_refused);

        Assert.Null(first.Transition);
        Assert.Null(second.Transition);
        Assert.Equal(HealthState.Healthy, second.Status.State);
        Assert.Equal(2, second.Status.ConsecutiveFailures);
        Assert.Equal(
            new StateTransition(HealthState.Healthy, HealthState.Down, "3 consecutive failures: connection refused (127.0.0.1:5100)", _start.AddSeconds(90)),
            third.Transition);
        Assert.Equal(_start.AddSeconds(90), _status.Since);
    }

    [Fact]
    public void FailuresFromUnknown_StayUnknownWithCountThenGoDown()
    {
        var first = Probe(_refused);
        var second = Probe(_refused);
        var third = Probe(_refused);

        Assert.Equal(HealthState.Unknown, first.Status.State);
        Assert.Equal("1 failure so far: connection refused (127.0.0.1:5100)", first.Status.Reason);
        Assert.Equal("2 consecutive failures so far: connection refused (127.0.0.1:5100)", second.Status.Reason);
        Assert.Equal(HealthState.Down, third.Status.State);
        Assert.Equal(HealthState.Unknown, third.Transition!.From);
    }

    [Fact]
    public void SuccessBetweenFailures_ResetsTheCount()
    {
        Probe(_ok);
        Probe(_refused);
        Probe(_refused);
        Probe(_ok);
        Probe(_refused);
        var evaluation = Probe(_refused);

        Assert.Equal(HealthState.Healthy, evaluation.Status.State);
        Assert.Equal(2, evaluation.Status.ConsecutiveFailures);
    }

    [Fact]
    public void FurtherFailuresWhileDown_UpdateReasonWithoutTransition()
    {
        Probe(_ok);
        Probe(_refused);
        Probe(_refused);
        Probe(_refused);

        var fourth = Probe(ProbeResult.Failed(ProbeFailure.Timeout("10 s")));

        Assert.Null(fourth.Transition);
        Assert.Equal("4 consecutive failures: timed out (10 s)", fourth.Status.Reason);
        Assert.Equal(_start.AddSeconds(90), fourth.Status.Since);
    }

    [Fact]
    public void RecoveryFromDown_NeedsTwoConsecutiveSuccesses()
    {
        Probe(_ok);
        Probe(_refused);
        Probe(_refused);
        Probe(_refused);

        var first = Probe(_ok);
        var second = Probe(_ok);

        Assert.Null(first.Transition);
        Assert.Equal(HealthState.Down, first.Status.State);
        Assert.Equal("3 consecutive failures: connection refused (127.0.0.1:5100)", first.Status.Reason);
        Assert.Equal(1, first.Status.ConsecutiveSuccesses);
        Assert.Equal(
            new StateTransition(HealthState.Down, HealthState.Healthy, "recovered after 2 consecutive successes (45 ms)", _start.AddSeconds(150)),
            second.Transition);
    }

    [Fact]
    public void FailureDuringRecovery_RestartsTheRecoveryCount()
    {
        Probe(_ok);
        Probe(_refused);
        Probe(_refused);
        Probe(_refused);
        Probe(_ok);
        Probe(_refused);
        var afterOne = Probe(_ok);
        var afterTwo = Probe(_ok);

        Assert.Equal(HealthState.Down, afterOne.Status.State);
        Assert.Equal(HealthState.Healthy, afterTwo.Status.State);
    }

    [Fact]
    public void CustomThresholds_FiveFailuresAndThreeSuccesses()
    {
        var machine = new HealthStateMachine(new HealthThresholds { FailuresBeforeDown = 5, SuccessesBeforeRecovery = 3 });
        var status = HealthStatus.Initial;
        var states = new List<HealthState>();
        foreach (var probe in new[] { _ok, _refused, _refused, _refused, _refused, _refused, _ok, _ok, _ok })
        {
            status = machine.Next(status, probe, _time.GetUtcNow()).Status;
            states.Add(status.State);
        }

        Assert.Equal(
            [HealthState.Healthy, HealthState.Healthy, HealthState.Healthy, HealthState.Healthy, HealthState.Healthy,
             HealthState.Down, HealthState.Down, HealthState.Down, HealthState.Healthy],
            states);
    }

    [Fact]
    public void ThresholdOfOne_GoesDownOnFirstFailure_WithSingularReason()
    {
        var machine = new HealthStateMachine(new HealthThresholds { FailuresBeforeDown = 1, SuccessesBeforeRecovery = 1 });

        var down = machine.Next(HealthStatus.Initial, _refused, _start);
        var up = machine.Next(down.Status, _ok, _start);

        Assert.Equal("1 failure: connection refused (127.0.0.1:5100)", down.Status.Reason);
        Assert.Equal("recovered after 1 consecutive successes (45 ms)", up.Status.Reason);
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    public void HttpUnauthorizedOrForbidden_IsUnauthorizedAtOnce(int status)
    {
        Probe(_ok);

        var evaluation = Probe(ProbeResult.Failed(ProbeFailure.Http(status)));

        Assert.Equal(HealthState.Unauthorized, evaluation.Status.State);
        Assert.Equal($"unauthorized (HTTP {status})", evaluation.Transition!.Reason);
    }

    [Fact]
    public void CommandNotFound_IsMisconfiguredAtOnce()
    {
        var evaluation = Probe(ProbeResult.Failed(ProbeFailure.CommandNotFound("mcp-server-nope")));

        Assert.Equal(new StateTransition(HealthState.Unknown, HealthState.Misconfigured, "command not found: mcp-server-nope", _start), evaluation.Transition);
    }

    [Fact]
    public void InvalidUrl_IsMisconfiguredAtOnce()
    {
        var evaluation = Probe(ProbeResult.Failed(ProbeFailure.InvalidUrl("htp:/x")));

        Assert.Equal(HealthState.Misconfigured, evaluation.Status.State);
        Assert.Equal("invalid URL: htp:/x", evaluation.Status.Reason);
    }

    [Fact]
    public void RepeatedMisconfiguration_CountsFailuresForBackoffWithoutNewTransitions()
    {
        var notFound = ProbeResult.Failed(ProbeFailure.CommandNotFound("x"));
        Probe(notFound);
        var second = Probe(notFound);
        var third = Probe(notFound);

        Assert.Null(second.Transition);
        Assert.Null(third.Transition);
        Assert.Equal(HealthState.Misconfigured, third.Status.State);
        Assert.Equal(3, third.Status.ConsecutiveFailures);
        Assert.Equal(_start, third.Status.Since);
    }

    [Fact]
    public void SuccessAfterUnauthorized_IsHealthyAtOnce()
    {
        Probe(ProbeResult.Failed(ProbeFailure.Http(401)));

        var evaluation = Probe(_ok);

        Assert.Equal(new StateTransition(HealthState.Unauthorized, HealthState.Healthy, "probe succeeded (45 ms)", _start.AddSeconds(30)), evaluation.Transition);
    }

    [Fact]
    public void UnauthorizedWhileDown_SwitchesAtOnce()
    {
        Probe(_refused);
        Probe(_refused);
        Probe(_refused);

        var evaluation = Probe(ProbeResult.Failed(ProbeFailure.Http(403, "forbidden")));

        Assert.Equal(HealthState.Down, evaluation.Transition!.From);
        Assert.Equal(HealthState.Unauthorized, evaluation.Transition.To);
        Assert.Equal("unauthorized (HTTP 403) (forbidden)", evaluation.Transition.Reason);
    }

    [Fact]
    public void TransientFailuresAfterMisconfigured_ReachDownByTheCount()
    {
        Probe(ProbeResult.Failed(ProbeFailure.CommandNotFound("x")));

        var afterOne = Probe(_refused);
        var afterTwo = Probe(_refused);

        Assert.Equal(HealthState.Misconfigured, afterOne.Status.State);
        Assert.Equal(HealthState.Down, afterTwo.Status.State);
        Assert.Equal("3 consecutive failures: connection refused (127.0.0.1:5100)", afterTwo.Status.Reason);
    }

    [Fact]
    public void ProcessExit_ReasonCarriesExitCodeAndStderrTail()
    {
        Probe(_ok);
        var crash = ProbeResult.Failed(ProbeFailure.TransportClosed(3, "Error: ECONNREFUSED db:5432\n"));
        Probe(crash);
        Probe(crash);

        var evaluation = Probe(crash);

        Assert.Equal("3 consecutive failures: process exited with code 3: Error: ECONNREFUSED db:5432", evaluation.Transition!.Reason);
        Assert.Equal(3, evaluation.Status.LastFailure!.ExitCode);
    }

    [Fact]
    public void SlowSuccess_IsDegradedWithLatencyAndThreshold()
    {
        var evaluation = Probe(ProbeResult.Success(TimeSpan.FromMilliseconds(2500)));

        Assert.Equal(HealthState.Degraded, evaluation.Status.State);
        Assert.Equal("slow: 2500 ms, threshold 2000 ms", evaluation.Transition!.Reason);
    }

    [Fact]
    public void LatencyExactlyAtThreshold_IsHealthy()
    {
        Assert.Equal(HealthState.Healthy, Probe(ProbeResult.Success(TimeSpan.FromMilliseconds(2000))).Status.State);
    }

    [Fact]
    public void SlowThresholdZero_DisablesSlowDetection()
    {
        var machine = new HealthStateMachine(new HealthThresholds { SlowThresholdMs = 0 });

        var evaluation = machine.Next(HealthStatus.Initial, ProbeResult.Success(TimeSpan.FromSeconds(9)), _start);

        Assert.Equal(HealthState.Healthy, evaluation.Status.State);
    }

    [Theory]
    [InlineData(DegradedReason.HealthResourceDegraded, "cache cold", "health resource reports degraded: cache cold")]
    [InlineData(DegradedReason.DependencyDown, "postgres", "dependency down: postgres")]
    [InlineData(DegradedReason.NotReady, null, "not ready")]
    [InlineData(DegradedReason.Slow, null, "slow")]
    public void ReportedDegradation_IsDegradedWithItsReason(DegradedReason reason, string? detail, string expected)
    {
        var evaluation = Probe(ProbeResult.Success(TimeSpan.FromMilliseconds(10), new ProbeDegradation(reason, detail)));

        Assert.Equal(HealthState.Degraded, evaluation.Status.State);
        Assert.Equal(expected, evaluation.Status.Reason);
    }

    [Fact]
    public void DegradedThenFast_IsHealthyAtOnce_AndDegradedReasonChangeIsNoTransition()
    {
        Probe(ProbeResult.Success(TimeSpan.FromMilliseconds(3000)));
        var other = Probe(ProbeResult.Success(TimeSpan.FromMilliseconds(5), new ProbeDegradation(DegradedReason.DependencyDown, "db")));
        var healthy = Probe(_ok);

        Assert.Null(other.Transition);
        Assert.Equal("dependency down: db", other.Status.Reason);
        Assert.Equal(new StateTransition(HealthState.Degraded, HealthState.Healthy, "probe succeeded (45 ms)", _start.AddSeconds(60)), healthy.Transition);
    }

    [Fact]
    public void RecoveryFromDown_WhileSlow_LandsInDegraded()
    {
        Probe(_refused);
        Probe(_refused);
        Probe(_refused);
        Probe(ProbeResult.Success(TimeSpan.FromMilliseconds(2100)));

        var evaluation = Probe(ProbeResult.Success(TimeSpan.FromMilliseconds(2100)));

        Assert.Equal(HealthState.Down, evaluation.Transition!.From);
        Assert.Equal(HealthState.Degraded, evaluation.Transition.To);
        Assert.Equal("slow: 2100 ms, threshold 2000 ms", evaluation.Transition.Reason);
    }

    [Fact]
    public void LastFailure_IsKeptAfterRecoveryForTheDetailPage()
    {
        Probe(_refused);
        var evaluation = Probe(_ok);

        Assert.Equal(ProbeFailureKind.ConnectionRefused, evaluation.Status.LastFailure!.Kind);
    }

    [Fact]
    public void FullSequence_OnFakeClock_ProducesExpectedEventLog()
    {
        var crash = ProbeResult.Failed(ProbeFailure.TransportClosed(137, "Killed"));
        var transitions = new[] { _ok, _ok, crash, crash, crash, crash, _ok, _ok, ProbeResult.Success(TimeSpan.FromSeconds(3)), _ok }
            .Select(Probe)
            .Where(e => e.Changed)
            .Select(e => (e.Transition!.At - _start, e.Transition.From, e.Transition.To, e.Transition.Reason))
            .ToList();

        Assert.Equal(
            [
                (TimeSpan.Zero, HealthState.Unknown, HealthState.Healthy, "first probe succeeded (45 ms)"),
                (TimeSpan.FromSeconds(120), HealthState.Healthy, HealthState.Down, "3 consecutive failures: process exited with code 137: Killed"),
                (TimeSpan.FromSeconds(210), HealthState.Down, HealthState.Healthy, "recovered after 2 consecutive successes (45 ms)"),
                (TimeSpan.FromSeconds(240), HealthState.Healthy, HealthState.Degraded, "slow: 3000 ms, threshold 2000 ms"),
                (TimeSpan.FromSeconds(270), HealthState.Degraded, HealthState.Healthy, "probe succeeded (45 ms)"),
            ],
            transitions);
    }

    [Fact]
    public void Thresholds_Defaults_AreThreeTwoAndTwoSeconds()
    {
        Assert.Equal(3, HealthThresholds.Default.FailuresBeforeDown);
        Assert.Equal(2, HealthThresholds.Default.SuccessesBeforeRecovery);
        Assert.Equal(2000, HealthThresholds.Default.SlowThresholdMs);
        Assert.Same(HealthThresholds.Default, new HealthStateMachine().Thresholds);
    }

    [Fact]
    public void Thresholds_Invalid_AreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HealthStateMachine(new HealthThresholds { FailuresBeforeDown = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HealthStateMachine(new HealthThresholds { SuccessesBeforeRecovery = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HealthStateMachine(new HealthThresholds { SlowThresholdMs = -1 }));
    }
}
