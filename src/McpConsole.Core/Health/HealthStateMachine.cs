namespace McpConsole.Core.Health;

/// <summary>
/// Pure health rules. Transient failures (timeouts, refused connections, crashes, HTTP 5xx, protocol errors) make a
/// server Down only after <see cref="HealthThresholds.FailuresBeforeDown"/> in a row; 401/403 (Unauthorized) and
/// command-not-found / bad URL (Misconfigured) apply at once because retrying will not fix them. The first success
/// from Unknown counts at once; recovery from Down needs <see cref="HealthThresholds.SuccessesBeforeRecovery"/> in a
/// row, unless the supervisor restarted the process (<see cref="ProbeResult.Restart"/>); a success after Unauthorized or
/// Misconfigured counts at once (the operator fixed it). An observed process exit is Down at once (<see cref="ProcessExited"/>).
/// </summary>
public sealed class HealthStateMachine
{
    private readonly HealthThresholds _thresholds;

    public HealthStateMachine(HealthThresholds? thresholds = null)
    {
        _thresholds = thresholds ?? HealthThresholds.Default;
        _thresholds.EnsureValid();
    }

    public HealthThresholds Thresholds => _thresholds;

    public HealthEvaluation Next(HealthStatus current, ProbeResult probe, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(probe);
        var (state, reason, failures, successes) = probe.Failure is { } failure
            ? OnFailure(current, failure)
            : OnSuccess(current, probe);

        var changed = state != current.State;
        var status = new HealthStatus(
            state,
            reason,
            changed ? now : current.Since,
            failures,
            successes,
            now,
            probe.Latency,
            probe.Failure ?? current.LastFailure);
        var transition = changed ? new StateTransition(current.State, state, reason, now) : null;
        return new HealthEvaluation(status, transition);
    }

    /// <summary>
    /// The supervisor saw the server's process exit: a fact, not a probe that may have been unlucky, so the server is
    /// Down at once with the exit code and stderr tail, without waiting for <see cref="HealthThresholds.FailuresBeforeDown"/>.
    /// </summary>
    public HealthEvaluation ProcessExited(HealthStatus current, ProbeFailure failure, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(failure);
        var reason = failure.Describe();
        var changed = current.State != HealthState.Down;
        var status = new HealthStatus(HealthState.Down, reason, changed ? now : current.Since, current.ConsecutiveFailures + 1, 0, now,
            current.LastLatency, failure);
        return new HealthEvaluation(status, changed ? new StateTransition(current.State, HealthState.Down, reason, now) : null);
    }

    private (HealthState, string, int, int) OnFailure(HealthStatus current, ProbeFailure failure)
    {
        var failures = current.ConsecutiveFailures + 1;
        var description = failure.Describe();
        if (failure.PersistentState is { } persistent)
        {
            return (persistent, description, failures, 0);
        }

        var count = failures == 1 ? "1 failure" : $"{failures} consecutive failures";
        if (failures >= _thresholds.FailuresBeforeDown)
        {
            return (HealthState.Down, $"{count}: {description}", failures, 0);
        }

        // Below the threshold the state stands; an Unknown server says what it has seen so far.
        var reason = current.State == HealthState.Unknown ? $"{count} so far: {description}" : current.Reason;
        return (current.State, reason, failures, 0);
    }

    private (HealthState, string, int, int) OnSuccess(HealthStatus current, ProbeResult probe)
    {
        var successes = current.ConsecutiveSuccesses + 1;
        // A process the supervisor restarted and that answers has recovered: the console saw it exit and saw it back.
        if (current.State == HealthState.Down && successes < _thresholds.SuccessesBeforeRecovery && probe.Restart is null)
        {
            return (HealthState.Down, current.Reason, 0, successes);
        }

        var latencyMs = (long)Math.Round(probe.Latency.TotalMilliseconds);
        var degradation = (probe.Standby && probe.Degradation?.Reason == DegradedReason.NotReady ? null : probe.Degradation)
            ?? SlowDegradation(latencyMs);
        if (degradation is not null)
        {
            return (HealthState.Degraded, degradation.Describe(), 0, successes);
        }

        var reason = probe.Restart is { } restart ? $"{restart.Describe()} ({latencyMs} ms)" : current.State switch
        {
            HealthState.Down => $"recovered after {successes} consecutive successes ({latencyMs} ms)",
            HealthState.Unknown => $"first probe succeeded ({latencyMs} ms)",
            _ => $"probe succeeded ({latencyMs} ms)",
        };
        return (HealthState.Healthy, probe.Standby ? $"standby, {reason}" : reason, 0, successes);
    }

    private ProbeDegradation? SlowDegradation(long latencyMs) =>
        _thresholds.SlowThresholdMs > 0 && latencyMs > _thresholds.SlowThresholdMs
            ? new ProbeDegradation(DegradedReason.Slow, $"{latencyMs} ms, threshold {_thresholds.SlowThresholdMs} ms")
            : null;
}
