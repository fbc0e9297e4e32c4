using McpConsole.Core.Fleet.Import.Json;

namespace McpConsole.Core.Fleet.Import;

/// <summary>
/// The MCP registry's <c>server.json</c> (also wrapped as <c>{"server": {...}}</c>, as the registry API returns it).
/// Each remote and each stdio package becomes one server, named after the server.json name (plus the kind when there
/// is more than one): npm runs as <c>npx -y id@version</c>, pypi as <c>uvx id==version</c>, oci as
/// <c>docker run -i --rm -e VAR... id:version</c>. Legacy snake_case field names are accepted.
/// </summary>
internal static class RegistryServerJsonFormat
{
    public static LocatedObject? FindServer(LocatedObject root)
    {
        if (root.Get("server") is LocatedObject wrapped && LooksLikeServerJson(wrapped))
        {
            return wrapped;
        }

        return LooksLikeServerJson(root) ? root : null;
    }

    private static bool LooksLikeServerJson(LocatedObject obj) =>
        obj.Get("name") is LocatedScalar && (obj.Has("packages") || obj.Has("remotes"));

    public static IReadOnlyList<ServerDefinition> Parse(LocatedObject server)
    {
        var name = EntryFields.RequireString(server, "name", "server.json");
        var packages = EntryFields.OptionalArray(server, "packages", "server.json")?.Items ?? [];
        var remotes = EntryFields.OptionalArray(server, "remotes", "server.json")?.Items ?? [];
        if (packages.Count + remotes.Count == 0)
        {
            throw new ImportException(server.Position, "server.json has neither packages nor remotes");
        }

        var naming = new EntryNaming(name, packages.Count + remotes.Count);
        var imported = new ImportedServers();
        foreach (var node in packages)
        {
            var package = EntryFields.RequireObject(node, "each package");
            imported.Add(RegistryPackage.Read(package, naming), package.Position);
        }

        foreach (var node in remotes)
        {
            var remote = EntryFields.RequireObject(node, "each remote");
            imported.Add(ReadRemote(remote, naming), remote.Position);
        }

        return imported.All;
    }

    private static ServerDefinition ReadRemote(LocatedObject remote, EntryNaming naming)
    {
        var type = EntryFields.RequireString(remote, "type", "remote");
        var transport = StandardEntry.ParseType(type);
        if (transport is null or ServerTransport.Stdio)
        {
            throw new ImportException(remote.Find("type")!.Value.Position,
                $"remote has unsupported type '{type}' (expected streamable-http or sse)");
        }

        return new ServerDefinition
        {
            Name = naming.Next(type),
            Transport = transport.Value,
            Url = EntryFields.RequireString(remote, "url", "remote"),
            Headers = RegistryPackage.ReadNameValueList(remote, "headers", "remote"),
        };
    }

    /// <summary>One entry keeps the server.json name; several get "name (kind)", "name (kind 2)", ...</summary>
    internal sealed class EntryNaming(string baseName, int entryCount)
    {
        private readonly Dictionary<string, int> _used = new(StringComparer.OrdinalIgnoreCase);

        public string Next(string kind)
        {
            if (entryCount == 1)
            {
                return baseName;
            }

            var count = _used[kind] = _used.GetValueOrDefault(kind) + 1;
            return count == 1 ? $"{baseName} ({kind})" : $"{baseName} ({kind} {count})";
        }
    }
}
