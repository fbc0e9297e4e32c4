namespace McpConsole.Core.Health;

/// <summary>
/// When failures make a server Down and successes bring it back. <see cref="SlowThresholdMs"/>: a successful probe
/// slower than this is Degraded (0 disables the check).
/// </summary>
public sealed record HealthThresholds
{
    public static HealthThresholds Default { get; } = new();

    public int FailuresBeforeDown { get; init; } = 3;
    public int SuccessesBeforeRecovery { get; init; } = 2;
    public int SlowThresholdMs { get; init; } = 2000;

    public void EnsureValid()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(FailuresBeforeDown, 1, nameof(FailuresBeforeDown));
        ArgumentOutOfRangeException.ThrowIfLessThan(SuccessesBeforeRecovery, 1, nameof(SuccessesBeforeRecovery));
        ArgumentOutOfRangeException.ThrowIfNegative(SlowThresholdMs, nameof(SlowThresholdMs));
    }
}
