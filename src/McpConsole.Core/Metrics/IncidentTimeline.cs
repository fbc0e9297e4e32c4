namespace McpConsole.Core.Metrics;

/// <summary>A recorded state change (from the StateEvents table).</summary>
public sealed record StateChange(DateTimeOffset At, string From, string To, string Reason);

/// <summary>A period away from Healthy: opened by the change into a bad state, closed by the change back (End null while open).</summary>
public sealed record Incident(DateTimeOffset Start, DateTimeOffset? End, string State, string Reason)
{
    public TimeSpan DurationAt(DateTimeOffset now) => (End ?? now) - Start;
}

/// <summary>Builds incidents from state changes. Degraded, Down, Unauthorized and Misconfigured are incidents.</summary>
public static class IncidentTimeline
{
    private static readonly HashSet<string> Bad = new(StringComparer.OrdinalIgnoreCase) { "Degraded", "Down", "Unauthorized", "Misconfigured" };

    public static bool IsIncidentState(string? state) => state is not null && Bad.Contains(state);

    /// <summary>
    /// Incidents from changes in time order. <paramref name="stateBefore"/> is the state before the first change
    /// (an incident already open then starts at <paramref name="windowStart"/>). Changes that keep the state (catalog
    /// events) are ignored; a change between two bad states keeps the incident open with its first state and reason.
    /// </summary>
    public static IReadOnlyList<Incident> Build(IEnumerable<StateChange> changes, string? stateBefore, DateTimeOffset windowStart)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var incidents = new List<Incident>();
        Incident? open = IsIncidentState(stateBefore) ? new Incident(windowStart, null, stateBefore!, "already open at the start of the range") : null;
        foreach (var c in changes.OrderBy(c => c.At))
        {
            if (string.Equals(c.From, c.To, StringComparison.OrdinalIgnoreCase))
                continue;
            if (open is null && IsIncidentState(c.To))
            {
                open = new Incident(c.At, null, c.To, c.Reason);
            }
            else if (open is not null && !IsIncidentState(c.To))
            {
                incidents.Add(open with { End = c.At });
                open = null;
            }
        }

        if (open is not null)
            incidents.Add(open);
        return incidents;
    }
}
