using McpConsole.Core.Fleet.Import.Json;

namespace McpConsole.Core.Fleet.Import;

/// <summary>
/// VS Code <c>mcp.json</c>: <c>{"servers": {name: {type: stdio|http|sse, ...}}, "inputs": [...]}</c>.
/// <c>inputs</c>, <c>envFile</c> and <c>dev</c> are ignored; <c>${input:...}</c> references are kept as written.
/// </summary>
internal static class VsCodeFormat
{
    public const string RootKey = "servers";

    public static IReadOnlyList<ServerDefinition> Parse(LocatedObject servers)
    {
        var imported = new ImportedServers();
        foreach (var member in servers.Members)
        {
            var (server, _) = StandardEntry.Read(member);
            imported.Add(server, member.Position);
        }

        return imported.All;
    }
}
