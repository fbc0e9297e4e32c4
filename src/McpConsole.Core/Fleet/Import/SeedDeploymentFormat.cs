using McpConsole.Core.Fleet.Import.Json;

namespace McpConsole.Core.Fleet.Import;

/// <summary>
/// The seed's deployment configs. <c>production_single.servers</c>: stdio entries with
/// <c>resources {memory: "256MB", cpu: "0.5"}</c> (its <c>host</c> is the MCP host, not a server).
/// <c>hybrid_deployment.local_servers</c> / <c>cloud_servers</c>: entries with <c>type</c> and <c>location</c>
/// (defaulting to "on_premise" and "cloud"); other keys (backup, cdn, security) are ignored.
/// </summary>
internal static class SeedDeploymentFormat
{
    public const string ProductionSingleKey = "production_single";
    public const string HybridDeploymentKey = "hybrid_deployment";

    public static IReadOnlyList<ServerDefinition> Parse(LocatedObject root)
    {
        var imported = new ImportedServers();
        if (root.Get(ProductionSingleKey) is { } productionNode)
        {
            var production = EntryFields.RequireObject(productionNode, $"'{ProductionSingleKey}'");
            var servers = RequireSection(production, "servers", ProductionSingleKey);
            ReadSection(servers, null, imported);
        }

        if (root.Get(HybridDeploymentKey) is { } hybridNode)
        {
            var hybrid = EntryFields.RequireObject(hybridNode, $"'{HybridDeploymentKey}'");
            if (!hybrid.Has("local_servers") && !hybrid.Has("cloud_servers"))
            {
                throw new ImportException(hybrid.Position, $"'{HybridDeploymentKey}' has neither 'local_servers' nor 'cloud_servers'");
            }

            if (hybrid.Get("local_servers") is { } local)
            {
                ReadSection(EntryFields.RequireObject(local, "'local_servers'"), "on_premise", imported);
            }

            if (hybrid.Get("cloud_servers") is { } cloud)
            {
                ReadSection(EntryFields.RequireObject(cloud, "'cloud_servers'"), "cloud", imported);
            }
        }

        return imported.All;
    }

    private static LocatedObject RequireSection(LocatedObject parent, string key, string parentName) =>
        parent.Get(key) is { } node
            ? EntryFields.RequireObject(node, $"'{parentName}.{key}'")
            : throw new ImportException(parent.Position, $"'{parentName}' has no '{key}'");

    private static void ReadSection(LocatedObject section, string? defaultLocation, ImportedServers imported)
    {
        foreach (var member in section.Members)
        {
            var owner = $"server '{member.Name}'";
            var (server, entry) = StandardEntry.Read(member);
            server = server with
            {
                Location = EntryFields.OptionalString(entry, "location", owner) ?? defaultLocation,
            };
            if (entry.Get("resources") is { } resourcesNode)
            {
                var resources = EntryFields.RequireObject(resourcesNode, $"{owner}: 'resources'");
                server = server with
                {
                    MemoryMb = ReadQuantity<int>(resources, "memory", owner, ResourceQuantity.TryParseMemoryMb),
                    CpuCores = ReadQuantity<double>(resources, "cpu", owner, ResourceQuantity.TryParseCpuCores),
                };
            }

            imported.Add(server, member.Position);
        }
    }

    private delegate bool QuantityParser<T>(string text, out T value);

    private static T? ReadQuantity<T>(LocatedObject resources, string key, string owner, QuantityParser<T> parse)
        where T : struct
    {
        if (resources.Get(key) is not { } node)
        {
            return null;
        }

        var text = EntryFields.ScalarText(node, $"{owner}: 'resources.{key}'");
        return parse(text, out var value)
            ? value
            : throw new ImportException(node.Position, $"{owner} has invalid {key} '{text}' ({ResourceQuantity.Example(key)})");
    }
}
