using System.Diagnostics;

namespace McpConsole.TestSupport;

/// <summary>
/// The host's wall clock as an operator's machine has it: it runs in real time from <paramref name="start"/> and can be
/// set forward or back (NTP step, VM resumed, operator error). The monotonic clock (timestamps) and timers are the real
/// ones, as on Linux, where a wall-clock step moves neither CLOCK_MONOTONIC nor pending delays.
/// FakeTimeProvider cannot model this: it refuses to go back.
/// </summary>
public sealed class JumpingClock(DateTimeOffset start) : TimeProvider
{
    private readonly long _started = Stopwatch.GetTimestamp();
    private long _offsetTicks;

    public JumpingClock() : this(DateTimeOffset.UtcNow)
    {
    }

    public override DateTimeOffset GetUtcNow() =>
        start + Stopwatch.GetElapsedTime(_started) + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>Steps the wall clock by <paramref name="by"/> (negative: back).</summary>
    public void Jump(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
