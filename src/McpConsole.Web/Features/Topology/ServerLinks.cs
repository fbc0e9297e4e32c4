namespace McpConsole.Web.Features.Topology;

/// <summary>A drawn relation between two servers, e.g. primary -> standby (label "standby").</summary>
public sealed record ServerLink(int FromServerId, int ToServerId, string Label);

/// <summary>
/// Links between servers that the topology draws (dashed), for other features to set: failover registers its
/// primary/standby pairs with <see cref="Set"/> and clears them with <see cref="Remove"/>. In memory: the owner of
/// the relation re-registers it at start. Open topology pages are told of every change.
/// </summary>
public sealed class ServerLinks
{
    private readonly Lock _gate = new();
    private Dictionary<(int, int), ServerLink> _links = [];
    private Action[] _listeners = [];

    public IReadOnlyCollection<ServerLink> All
    {
        get
        {
            lock (_gate)
                return [.. _links.Values];
        }
    }

    public void Set(ServerLink link)
    {
        ArgumentNullException.ThrowIfNull(link);
        if (link.FromServerId == link.ToServerId)
            throw new ArgumentException("A server cannot be linked to itself.", nameof(link));
        lock (_gate)
            _links = new(_links) { [(link.FromServerId, link.ToServerId)] = link };
        Notify();
    }

    public void Remove(int fromServerId, int toServerId)
    {
        lock (_gate)
        {
            var copy = new Dictionary<(int, int), ServerLink>(_links);
            if (!copy.Remove((fromServerId, toServerId)))
                return;
            _links = copy;
        }

        Notify();
    }

    public IDisposable Subscribe(Action changed)
    {
        lock (_gate)
            _listeners = [.. _listeners, changed];
        return new Unsubscribe(() =>
        {
            lock (_gate)
                _listeners = [.. _listeners.Where(l => l != changed)];
        });
    }

    private void Notify()
    {
        foreach (var listener in _listeners)
            listener();
    }

    private sealed class Unsubscribe(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }
}
