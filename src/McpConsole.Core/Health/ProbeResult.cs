namespace McpConsole.Core.Health;

/// <summary>What one probe found: success (possibly degraded) or a failure, and how long it took.</summary>
public sealed record ProbeResult(TimeSpan Latency, ProbeFailure? Failure = null, ProbeDegradation? Degradation = null)
{
    public bool Succeeded => Failure is null;

    /// <summary>The probe reached a process the supervisor had just restarted (set on the first success after it).</summary>
    public ProbeRestart? Restart { get; init; }

    /// <summary>
    /// The server is a standby of a failover group: "not ready" is its role, not a fault (it serves no traffic until
    /// promoted). Its own faults (slow, degraded, a dependency down, failures) count as for any server.
    /// </summary>
    public bool Standby { get; init; }

    public static ProbeResult Success(TimeSpan latency, ProbeDegradation? degradation = null) => new(latency, null, degradation);

    public static ProbeResult Failed(ProbeFailure failure, TimeSpan latency = default) => new(latency, failure);
}

/// <summary>A supervised process started again after it exited or hung: what ended it, and which attempt in a row this is.</summary>
public sealed record ProbeRestart(string Cause, int Attempt)
{
    public static ProbeRestart After(ProbeFailure failure, int attempt) => new(failure switch
    {
        { Kind: ProbeFailureKind.TransportClosed, ExitCode: { } code } => $"exit code {code}",
        { Kind: ProbeFailureKind.TransportClosed } => "the process exited",
        { Kind: ProbeFailureKind.Timeout } => "the process hung",
        _ => failure.Describe(),
    }, attempt);

    /// <summary>E.g. "restarted after exit code 137 (attempt 1)".</summary>
    public string Describe() => $"restarted after {Cause} (attempt {Attempt})";
}
