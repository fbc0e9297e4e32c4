namespace McpConsole.Core.Health;

public enum HealthState
{
    /// <summary>Not probed yet.</summary>
    Unknown,
    Healthy,

    /// <summary>Answers, but slow, or reports itself degraded, a dependency down or not ready.</summary>
    Degraded,

    /// <summary>N consecutive transient failures (default 3).</summary>
    Down,

    /// <summary>Reachable but refuses the credentials (HTTP 401/403). Not transient: set at once.</summary>
    Unauthorized,

    /// <summary>Cannot work as configured (command not found, bad URL). Not transient: set at once, probed with back-off.</summary>
    Misconfigured,
}
