using System.Collections.Concurrent;

namespace McpConsole.Web.Features.ApiKeys;

/// <summary>
/// Failed key attempts are audited, but not one row each: a client sending a wrong key with every request (even to
/// /health) would fill the audit log. At most one row per client address (and failure) per interval; the next row
/// says how many were left out. Kept in memory, per instance.
/// </summary>
public sealed class FailedKeySampler(TimeProvider clock, TimeSpan interval)
{
    private const int MaxTracked = 10_000;
    private readonly ConcurrentDictionary<string, Window> _windows = new();

    /// <summary>True when this failure gets an audit row; <paramref name="omitted"/> counts the failures since the last one.</summary>
    public bool ShouldRecord(string address, string failure, out int omitted)
    {
        var now = clock.GetUtcNow();
        if (_windows.Count > MaxTracked)
            Prune(now);
        var recorded = false;
        var previous = 0;
        _windows.AddOrUpdate(address + "|" + failure,
            _ => { recorded = true; return new Window(now, 0); },
            (_, w) =>
            {
                if (now - w.RecordedAt < interval)
                {
                    recorded = false;
                    return w with { Omitted = w.Omitted + 1 };
                }
                recorded = true;
                previous = w.Omitted;
                return new Window(now, 0);
            });
        omitted = recorded ? previous : 0;
        return recorded;
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, window) in _windows)
            if (now - window.RecordedAt >= interval)
                _windows.TryRemove(key, out _);
    }

    private sealed record Window(DateTimeOffset RecordedAt, int Omitted);
}
