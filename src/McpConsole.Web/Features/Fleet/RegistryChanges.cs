namespace McpConsole.Web.Features.Fleet;

public enum RegistryChangeKind
{
    Created,
    Updated,
    Deleted,
}

/// <summary>One server was added, edited or removed. The probe engine drops cached connections on Updated/Deleted.</summary>
public sealed record RegistryChange(int ServerId, string Name, RegistryChangeKind Kind)
{
    /// <summary>The instance where the change was made, when another instance relayed it (PostgreSQL mode); null when made here.</summary>
    public string? RelayedFrom { get; init; }
}

/// <summary>Registry change notifications (singleton). Handlers run synchronously on the writer's thread: keep them short.</summary>
public interface IRegistryChanges
{
    /// <summary>Calls <paramref name="handler"/> after every committed change until the subscription is disposed.</summary>
    IDisposable Subscribe(Action<RegistryChange> handler);
}

public sealed class RegistryChanges(ILogger<RegistryChanges> logger) : IRegistryChanges
{
    private readonly Lock _gate = new();
    private ImmutableHandlers _handlers = new([]);

    public IDisposable Subscribe(Action<RegistryChange> handler)
    {
        lock (_gate)
            _handlers = new([.. _handlers.Items, handler]);
        return new Subscription(() =>
        {
            lock (_gate)
                _handlers = new([.. _handlers.Items.Where(h => h != handler)]);
        });
    }

    public void Publish(RegistryChange change)
    {
        foreach (var handler in _handlers.Items)
        {
            try
            {
                handler(change);
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Registry change handler failed for server {ServerId}", change.ServerId);
            }
        }
    }

    private sealed record ImmutableHandlers(Action<RegistryChange>[] Items);

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }
}
