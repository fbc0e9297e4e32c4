using System.Collections.Concurrent;
using McpConsole.Core.Costs;

namespace McpConsole.Web.Features.Probing;

/// <summary>
/// The MCP requests the console itself has sent to each server since it started, split into client demand
/// (<see cref="RequestKinds.IsDemand"/>) and everything else (its probes: initialize, ping, the lists, health://status).
/// A stdio server the console launched has no other client (the console holds its stdin and stdout), so for it these
/// counts are every request it got: cost tracking uses them as its request count. Counters only grow (a registry
/// edit does not reset them), so the sampler can take deltas.
/// </summary>
public sealed class ObservedRequests
{
    private readonly ConcurrentDictionary<int, Counts> _counts = new();

    public void Count(int serverId, string method)
    {
        var counts = _counts.GetOrAdd(serverId, _ => new Counts());
        if (RequestKinds.IsDemand(method))
            Interlocked.Increment(ref counts.Demand);
        else
            Interlocked.Increment(ref counts.Probes);
    }

    /// <summary>Client requests the console sent to the server so far (0 when it sent none).</summary>
    public long Demand(int serverId) => _counts.TryGetValue(serverId, out var c) ? Interlocked.Read(ref c.Demand) : 0;

    /// <summary>Probe requests the console sent to the server so far.</summary>
    public long Probes(int serverId) => _counts.TryGetValue(serverId, out var c) ? Interlocked.Read(ref c.Probes) : 0;

    private sealed class Counts
    {
        public long Demand;
        public long Probes;
    }
}
