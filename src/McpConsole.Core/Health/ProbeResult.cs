namespace McpConsole.Core.Health;

/// <summary>What one probe found: success (possibly degraded) or a failure, and how long it took.</summary>
public sealed record ProbeResult(TimeSpan Latency, ProbeFailure? Failure = null, ProbeDegradation? Degradation = null)
{
    public bool Succeeded => Failure is null;

    public static ProbeResult Success(TimeSpan latency, ProbeDegradation? degradation = null) => new(latency, null, degradation);

    public static ProbeResult Failed(ProbeFailure failure, TimeSpan latency = default) => new(latency, failure);
}
