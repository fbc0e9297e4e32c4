namespace McpConsole.Core.Health;

/// <summary>When to probe a server next.</summary>
public static class ProbeSchedule
{
    /// <summary>
    /// Normally now + interval. Misconfigured and Unauthorized servers back off (never sooner than the interval):
    /// hammering a wrong command or wrong credentials helps nobody and can lock accounts.
    /// </summary>
    public static DateTimeOffset NextProbeAt(HealthStatus status, TimeSpan interval, TimeProvider time, Random random,
        BackoffPolicy? persistentBackoff = null)
    {
        var now = time.GetUtcNow();
        if (status.State is HealthState.Misconfigured or HealthState.Unauthorized && status.ConsecutiveFailures > 0)
        {
            var backoff = (persistentBackoff ?? BackoffPolicy.Persistent).Delay(status.ConsecutiveFailures, random);
            return now + (backoff > interval ? backoff : interval);
        }

        return now + interval;
    }

    /// <summary>The first probe after start-up, spread uniformly over one interval so a fleet does not probe in one burst.</summary>
    public static DateTimeOffset FirstProbeAt(TimeSpan interval, TimeProvider time, Random random) =>
        time.GetUtcNow() + TimeSpan.FromTicks((long)(interval.Ticks * random.NextDouble()));
}
