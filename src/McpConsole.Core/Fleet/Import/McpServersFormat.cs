using McpConsole.Core.Fleet.Import.Json;

namespace McpConsole.Core.Fleet.Import;

/// <summary>Claude Desktop, Cursor and Claude Code: <c>{"mcpServers": {name: entry}}</c>; <c>"disabled": true</c> is honoured.</summary>
internal static class McpServersFormat
{
    public const string RootKey = "mcpServers";

    public static IReadOnlyList<ServerDefinition> Parse(LocatedObject servers)
    {
        var imported = new ImportedServers();
        foreach (var member in servers.Members)
        {
            var (server, entry) = StandardEntry.Read(member);
            if (EntryFields.OptionalBoolean(entry, "disabled", $"server '{member.Name}'") == true)
            {
                server = server with { Enabled = false };
            }

            imported.Add(server, member.Position);
        }

        return imported.All;
    }
}
