using System.Collections.Concurrent;
using McpConsole.Core.Health;

namespace McpConsole.Web.Features.Probing;

/// <summary>What a page needs to redraw one server after a probe. Reason and error are server text: render as text.</summary>
public sealed record ServerStatusChanged(
    int ServerId,
    string Name,
    HealthState State,
    string Reason,
    DateTimeOffset CheckedAt,
    double LatencyMs,
    bool Succeeded,
    StateTransition? Transition,
    string? ProtocolVersion,
    int? ToolCount,
    string? CatalogHash,
    bool CatalogChanged)
{
    /// <summary>Milliseconds per probe step (ProbeSteps names), for the /metrics step histogram.</summary>
    public IReadOnlyDictionary<string, double>? Steps { get; init; }

    /// <summary>The instance that probed the server when another instance relayed this result (PostgreSQL mode); null when probed here.</summary>
    public string? RelayedFrom { get; init; }

    /// <summary>When the next probe is planned, and the server's interval and timeout: readers judge the result's age with them (ServerFreshness).</summary>
    public DateTimeOffset? NextCheckAt { get; init; }
    public TimeSpan? Interval { get; init; }
    public TimeSpan? Timeout { get; init; }
}

/// <summary>
/// Live probe results for pages, published after every probe (see <see cref="ServerStatusStream"/> for how to use it).
/// Also keeps the latest result per server in memory, for readers that must not touch the database (/metrics).
/// </summary>
public sealed class FleetNotifier(ILogger<FleetNotifier> logger)
{
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<int, ServerStatusChanged> _latest = new();
    private Func<ServerStatusChanged, Task>[] _subscribers = [];

    /// <summary>The latest result of every server probed since start.</summary>
    public IReadOnlyCollection<ServerStatusChanged> Latest => [.. _latest.Values];

    public IDisposable Subscribe(Func<ServerStatusChanged, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_gate)
        {
            _subscribers = [.. _subscribers, handler];
        }

        return new Subscription(() =>
        {
            lock (_gate)
            {
                _subscribers = [.. _subscribers.Where(h => h != handler)];
            }
        });
    }

    /// <summary>Calls every subscriber without waiting for it: a slow page never slows probing.</summary>
    public void Publish(ServerStatusChanged change)
    {
        _latest[change.ServerId] = change;
        foreach (var handler in _subscribers)
        {
            _ = InvokeAsync(handler, change);
        }
    }

    /// <summary>Forgets a removed server.</summary>
    public void Remove(int serverId) => _latest.TryRemove(serverId, out _);

    private async Task InvokeAsync(Func<ServerStatusChanged, Task> handler, ServerStatusChanged change)
    {
        try
        {
            await handler(change);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogWarning(ex, "A live-view subscriber failed for server {ServerId}", change.ServerId);
        }
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }
}
