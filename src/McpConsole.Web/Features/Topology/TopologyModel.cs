using McpConsole.Web.Features.Metrics.Overview;

namespace McpConsole.Web.Features.Topology;

/// <summary>A node or an edge for cytoscape: kind console | location | group | server | link. Labels are text, never markup.</summary>
public sealed record TopologyElement(string Id, string Kind, string Label, string? State = null, string? Source = null, string? Target = null, int? ServerId = null);

/// <summary>
/// The graph: the console, then locations (on-premise, cloud...), then groups/hosts (a host process, a gateway),
/// then servers; plus primary/standby (or other) links between servers. Ids are stable, so updates land in place.
/// </summary>
public static class TopologyModel
{
    public const string ConsoleId = "console";

    public static string ServerNode(int id) => $"server:{id}";

    public static IReadOnlyList<TopologyElement> Build(IEnumerable<OverviewServer> servers, IEnumerable<ServerLink> links)
    {
        var elements = new List<TopologyElement> { new(ConsoleId, "console", "McpConsole") };
        var seen = new HashSet<string> { ConsoleId };
        foreach (var s in servers)
            elements.AddRange(ForServer(s).Where(e => seen.Add(e.Id)));
        var serverIds = elements.Where(e => e.Kind == "server").Select(e => e.ServerId).ToHashSet();
        elements.AddRange(links.Where(l => serverIds.Contains(l.FromServerId) && serverIds.Contains(l.ToServerId)).Select(LinkEdge));
        return elements;
    }

    /// <summary>The server's node and the path above it (location, group and their edges), parents first.</summary>
    public static IEnumerable<TopologyElement> ForServer(OverviewServer s)
    {
        var parent = ConsoleId;
        if (!string.IsNullOrWhiteSpace(s.Location))
        {
            var location = $"location:{s.Location}";
            yield return new TopologyElement(location, "location", s.Location);
            yield return Edge(parent, location);
            parent = location;
        }

        if (!string.IsNullOrWhiteSpace(s.Group))
        {
            var group = $"group:{s.Location}/{s.Group}";
            yield return new TopologyElement(group, "group", s.Group);
            yield return Edge(parent, group);
            parent = group;
        }

        var node = ServerNode(s.Id);
        yield return new TopologyElement(node, "server", s.Name, s.State, ServerId: s.Id);
        yield return Edge(parent, node);
    }

    public static TopologyElement LinkEdge(ServerLink l) =>
        new($"link:{l.FromServerId}->{l.ToServerId}", "link", l.Label, Source: ServerNode(l.FromServerId), Target: ServerNode(l.ToServerId));

    private static TopologyElement Edge(string from, string to) => new($"edge:{from}->{to}", "edge", "", Source: from, Target: to);
}
