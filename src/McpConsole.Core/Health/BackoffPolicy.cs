namespace McpConsole.Core.Health;

/// <summary>
/// Exponential back-off with a cap and jitter: attempt n waits Initial x Multiplier^(n-1), at most Max, then shortened
/// by a random fraction up to <see cref="Jitter"/> so that servers failing together do not retry together.
/// The random source and the clock are passed in, so tests are exact.
/// </summary>
public sealed class BackoffPolicy
{
    /// <summary>Probing a Misconfigured or Unauthorized server: 30 s, doubling, at most 30 min.</summary>
    public static BackoffPolicy Persistent { get; } = new(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(30));

    /// <summary>Restarting a crashed stdio process: 1 s, doubling, at most 5 min.</summary>
    public static BackoffPolicy StdioRestart { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));

    public BackoffPolicy(TimeSpan initial, TimeSpan max, double multiplier = 2.0, double jitter = 0.2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(initial, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, initial);
        ArgumentOutOfRangeException.ThrowIfLessThan(multiplier, 1.0);
        if (jitter is < 0 or >= 1 || double.IsNaN(jitter))
        {
            throw new ArgumentOutOfRangeException(nameof(jitter), jitter, "jitter must be in [0, 1)");
        }

        Initial = initial;
        Max = max;
        Multiplier = multiplier;
        Jitter = jitter;
    }

    public TimeSpan Initial { get; }
    public TimeSpan Max { get; }
    public double Multiplier { get; }
    public double Jitter { get; }

    /// <summary>The delay before attempt <paramref name="attempt"/> (1-based) without jitter.</summary>
    public TimeSpan BaseDelay(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var ticks = Initial.Ticks * Math.Pow(Multiplier, attempt - 1);
        return double.IsFinite(ticks) && ticks < Max.Ticks ? TimeSpan.FromTicks((long)ticks) : Max;
    }

    /// <summary>The delay with jitter: between (1 - Jitter) x base and base, never above <see cref="Max"/>.</summary>
    public TimeSpan Delay(int attempt, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var baseDelay = BaseDelay(attempt);
        return TimeSpan.FromTicks((long)(baseDelay.Ticks * (1 - Jitter * random.NextDouble())));
    }

    public DateTimeOffset NextAttemptAt(int attempt, TimeProvider time, Random random) =>
        time.GetUtcNow() + Delay(attempt, random);
}
