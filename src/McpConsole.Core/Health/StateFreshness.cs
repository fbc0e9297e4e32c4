using System.Globalization;

namespace McpConsole.Core.Health;

/// <summary>
/// A server's state as probing stored it, with what is needed to judge its age. <paramref name="State"/> is a
/// <see cref="HealthState"/> name. <paramref name="Probed"/> is false for servers nobody is meant to probe (disabled):
/// their last state is shown as it was, with its age, and never turns stale.
/// </summary>
public sealed record StoredState(
    string State,
    string? Reason,
    DateTimeOffset? Since,
    DateTimeOffset? LastCheckedAt,
    DateTimeOffset? NextCheckAt,
    TimeSpan Interval,
    TimeSpan Timeout,
    bool Probed = true);

/// <summary>
/// The state every reader shows. When <see cref="Stale"/>, <see cref="State"/> is Unknown with "no result since ...",
/// <see cref="Since"/> is when it turned stale, and the stored state stays available as <see cref="LastKnownState"/>.
/// </summary>
public sealed record EffectiveState(
    string State,
    string? Reason,
    DateTimeOffset? Since,
    DateTimeOffset? LastCheckedAt,
    TimeSpan? Age,
    bool Stale,
    string LastKnownState,
    string? LastKnownReason);

/// <summary>No stale green: a state is only as good as its last result.</summary>
public static class StateFreshness
{
    /// <summary>A result older than interval x 2 + timeout is stale: two probes missed, and the third had its time to answer.</summary>
    public static TimeSpan StaleAfter(TimeSpan interval, TimeSpan timeout) => (2 * interval) + timeout;

    /// <summary>
    /// When the stored state turns stale, or null when it cannot (never checked, not probed). A server whose next probe
    /// was planned later than one interval (back-off of a Misconfigured or Unauthorized server) gets that probe, plus one
    /// interval and the timeout, before it is stale.
    /// </summary>
    public static DateTimeOffset? StaleAt(StoredState stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (!stored.Probed || stored.LastCheckedAt is not { } last)
            return null;
        var deadline = last + StaleAfter(stored.Interval, stored.Timeout);
        if (stored.NextCheckAt is { } next && next > last + stored.Interval)
        {
            var planned = next + stored.Interval + stored.Timeout;
            deadline = planned > deadline ? planned : deadline;
        }

        return deadline;
    }

    /// <summary>
    /// The state to show at <paramref name="now"/>. Exactly at the threshold the state is still fresh ("older than").
    /// The age is never negative (a clock behind the stored check time gives age 0). A state without a check time
    /// (never checked) is shown as stored, without an age.
    /// </summary>
    public static EffectiveState Evaluate(StoredState stored, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var age = stored.LastCheckedAt is { } last ? Max(now - last, TimeSpan.Zero) : (TimeSpan?)null;
        if (StaleAt(stored) is { } staleAt && now > staleAt && stored.LastCheckedAt is { } checkedAt)
        {
            return new EffectiveState(nameof(HealthState.Unknown), $"no result since {Format(checkedAt, now)}", staleAt, checkedAt, age,
                Stale: true, stored.State, stored.Reason);
        }

        return new EffectiveState(stored.State, stored.Reason, stored.Since, stored.LastCheckedAt, age, Stale: false, stored.State, stored.Reason);
    }

    /// <summary>"12 s ago", "4 min ago", "3 h ago", "2 d ago": how old a state's last result is, for pages.</summary>
    public static string DescribeAge(TimeSpan age) => age.TotalSeconds switch
    {
        < 1 => "just now",
        < 120 => $"{(int)age.TotalSeconds} s ago",
        < 7200 => $"{(int)age.TotalMinutes} min ago",
        < 172_800 => $"{(int)age.TotalHours} h ago",
        _ => $"{(int)age.TotalDays} d ago",
    };

    private static string Format(DateTimeOffset at, DateTimeOffset now)
    {
        var utc = at.UtcDateTime;
        var format = utc.Date == now.UtcDateTime.Date ? "HH:mm:ss" : "yyyy-MM-dd HH:mm:ss";
        return utc.ToString(format, CultureInfo.InvariantCulture) + " UTC";
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
