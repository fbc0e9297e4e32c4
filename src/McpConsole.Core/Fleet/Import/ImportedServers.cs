using McpConsole.Core.Fleet.Import.Json;

namespace McpConsole.Core.Fleet.Import;

/// <summary>Collects parsed servers, refusing duplicates and definitions the registry would reject.</summary>
internal sealed class ImportedServers
{
    private readonly List<ServerDefinition> _servers = [];
    private readonly Dictionary<string, SourcePosition> _firstSeen = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<ServerDefinition> All => _servers;

    public void Add(ServerDefinition server, SourcePosition entry)
    {
        if (_firstSeen.TryGetValue(server.Name, out var first))
        {
            throw new ImportException(entry, $"server '{server.Name}' is defined twice (first on line {first.Line})");
        }

        var errors = ServerDefinitionValidator.Validate(server);
        if (errors.Count > 0)
        {
            var label = string.IsNullOrWhiteSpace(server.Name) ? "a server" : $"server '{server.Name}'";
            throw new ImportException(entry, $"{label}: {string.Join("; ", errors.Select(e => e.Message))}");
        }

        _firstSeen[server.Name] = entry;
        _servers.Add(server);
    }
}
