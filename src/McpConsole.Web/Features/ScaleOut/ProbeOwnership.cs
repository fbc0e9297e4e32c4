namespace McpConsole.Web.Features.ScaleOut;

/// <summary>
/// Which servers this instance may probe now. In SQLite mode (one instance) every server. In PostgreSQL mode the servers
/// whose lease this instance renewed last, and only until that lease would expire: an instance cut off from the
/// database stops probing on its own before another instance can take its servers over.
/// </summary>
public sealed class ProbeOwnership(TimeProvider time)
{
    private volatile Snapshot _snapshot = new(new HashSet<int>(), long.MaxValue);
    private long _version;

    /// <summary>True when servers are divided between instances (PostgreSQL mode).</summary>
    public bool Shared { get; private set; }

    /// <summary>Changes whenever the set of owned servers changes (the scheduler then reloads what it gained).</summary>
    public long Version => Interlocked.Read(ref _version);

    public bool Owns(int serverId)
    {
        if (!Shared)
            return true;
        var snapshot = _snapshot;
        return snapshot.Servers.Contains(serverId) && time.GetTimestamp() < snapshot.ValidUntil;
    }

    public IReadOnlyCollection<int> Owned => _snapshot.Servers;

    internal void StartShared()
    {
        Shared = true;
        Set(new HashSet<int>(), long.MaxValue);
    }

    /// <summary>The servers whose leases were just renewed, valid until the given <see cref="TimeProvider"/> timestamp.</summary>
    internal void Set(IReadOnlySet<int> servers, long validUntil)
    {
        var changed = !servers.SetEquals(_snapshot.Servers);
        _snapshot = new Snapshot(servers, validUntil);
        if (changed)
            Interlocked.Increment(ref _version);
    }

    private sealed record Snapshot(IReadOnlySet<int> Servers, long ValidUntil);
}
