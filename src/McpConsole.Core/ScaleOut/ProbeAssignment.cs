namespace McpConsole.Core.ScaleOut;

/// <summary>
/// Which live console instance probes which server: rendezvous (highest random weight) hashing. Every instance computes
/// the same answer from the same list of live instances without talking to the others, the fleet splits evenly, and
/// when an instance joins or dies only the servers that must move do (about 1/N of them). Leases in the database
/// then make the hand-over safe: a server is probed only by the instance holding its lease.
/// </summary>
public static class ProbeAssignment
{
    /// <summary>The instance that should probe <paramref name="serverId"/>; null when no instance is live.</summary>
    public static string? OwnerOf(int serverId, IReadOnlyCollection<string> liveInstances)
    {
        string? best = null;
        ulong bestWeight = 0;
        foreach (var instance in liveInstances)
        {
            var weight = Weight(serverId, instance);
            if (best is null || weight > bestWeight || (weight == bestWeight && string.CompareOrdinal(instance, best) < 0))
            {
                best = instance;
                bestWeight = weight;
            }
        }

        return best;
    }

    /// <summary>The servers of <paramref name="serverIds"/> that <paramref name="instance"/> should probe.</summary>
    public static IReadOnlyList<int> ServersOf(string instance, IEnumerable<int> serverIds, IReadOnlyCollection<string> liveInstances) =>
        [.. serverIds.Where(id => OwnerOf(id, liveInstances) == instance)];

    /// <summary>FNV-1a over the instance id and server id, then a 64-bit finaliser: stable across processes and runtimes.</summary>
    private static ulong Weight(int serverId, string instance)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in instance)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        hash = (hash ^ (uint)serverId) * 1099511628211UL;
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        hash *= 0xc4ceb9fe1a85ec53UL;
        hash ^= hash >> 33;
        return hash;
    }
}
