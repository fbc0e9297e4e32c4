namespace McpConsole.Core.Health;

/// <summary>
/// Everything the state machine remembers about one server between probes. Store it per server; feed it back in.
/// <see cref="ConsecutiveFailures"/> counts every failure in a row (persistent ones too: it drives their back-off).
/// </summary>
public sealed record HealthStatus(
    HealthState State,
    string Reason,
    DateTimeOffset? Since,
    int ConsecutiveFailures,
    int ConsecutiveSuccesses,
    DateTimeOffset? LastProbeAt,
    TimeSpan? LastLatency,
    ProbeFailure? LastFailure)
{
    public static HealthStatus Initial { get; } = new(HealthState.Unknown, "not probed yet", null, 0, 0, null, null, null);
}

/// <summary>A change of state, to be stored as an event and sent to alert rules and live views.</summary>
public sealed record StateTransition(HealthState From, HealthState To, string Reason, DateTimeOffset At);

/// <summary>The state after a probe, and the transition when the state changed.</summary>
public sealed record HealthEvaluation(HealthStatus Status, StateTransition? Transition)
{
    public bool Changed => Transition is not null;
}
