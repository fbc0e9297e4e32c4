using McpConsole.Core.Fleet;
using McpConsole.Core.Health;
using McpConsole.Web.Features.Fleet;

namespace McpConsole.Web.Features.Probing;

/// <summary>
/// Builds <see cref="StoredState"/> from what readers hold (a status row, a live result), so every page, the API and
/// /metrics judge a state's age with the same rule (<see cref="StateFreshness"/>).
/// </summary>
public static class ServerFreshness
{
    public static StoredState Of(ServerStatus? status, McpServer server) =>
        Of(status, server.ProbeIntervalSeconds, server.TimeoutSeconds, server.Enabled);

    public static StoredState Of(ServerStatus? status, int intervalSeconds, int timeoutSeconds, bool enabled) =>
        new(status?.State ?? nameof(HealthState.Unknown), status?.Reason, status?.Since, status?.LastCheckedAt, status?.NextCheckAt,
            Seconds(intervalSeconds), Seconds(timeoutSeconds), enabled);

    /// <summary>A live result as stored state (for /metrics, which reads only the notifier's in-memory results).</summary>
    public static StoredState Of(ServerStatusChanged change) =>
        new(change.State.ToString(), change.Reason, change.Transition?.At, change.CheckedAt, change.NextCheckAt,
            change.Interval ?? Seconds(ServerDefinition.DefaultProbeIntervalSeconds), change.Timeout ?? Seconds(ServerDefinition.DefaultTimeoutSeconds));

    /// <summary>The stored state after a live result: the page keeps the server's interval, timeout and enabled flag.</summary>
    public static StoredState After(StoredState stored, ServerStatusChanged change) => stored with
    {
        State = change.State.ToString(),
        Reason = change.Reason,
        Since = change.Transition?.At ?? stored.Since,
        LastCheckedAt = change.CheckedAt,
        NextCheckAt = change.NextCheckAt,
    };

    /// <summary>How often pages that hold states re-judge them, so a state turns stale without a push.</summary>
    public static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(5);

    /// <summary>
    /// True on every tick that is one <see cref="RecheckInterval"/> after the last: counted in a page's timer ticks, not in
    /// clock time, so a clock set back (or a test's fake clock) never stops the re-judging.
    /// </summary>
    public sealed class Recheck(TimeSpan tick)
    {
        private readonly int _every = Math.Max(1, (int)(RecheckInterval / tick));
        private int _ticks;

        public bool Due() => ++_ticks % _every == 0;
    }

    private static TimeSpan Seconds(int seconds) => TimeSpan.FromSeconds(Math.Max(1, seconds));
}
