namespace McpConsole.Core.Health;

public enum DegradedReason
{
    /// <summary>Latency above the server's slow threshold.</summary>
    Slow,

    /// <summary>The <c>health://status</c> resource (or /health) reports degraded.</summary>
    HealthResourceDegraded,
    DependencyDown,

    /// <summary>/ready (or the health resource) says not ready.</summary>
    NotReady,
}

/// <summary>A successful probe that still found something wrong. <see cref="Detail"/> is untrusted server text.</summary>
public sealed record ProbeDegradation(DegradedReason Reason, string? Detail = null)
{
    public string Describe()
    {
        var text = Reason switch
        {
            DegradedReason.Slow => "slow",
            DegradedReason.HealthResourceDegraded => "health resource reports degraded",
            DegradedReason.DependencyDown => "dependency down",
            _ => "not ready",
        };
        return string.IsNullOrWhiteSpace(Detail) ? text : $"{text}: {Detail}";
    }
}
