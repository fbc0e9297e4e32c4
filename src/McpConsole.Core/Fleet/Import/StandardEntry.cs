using McpConsole.Core.Fleet.Import.Json;

namespace McpConsole.Core.Fleet.Import;

/// <summary>
/// The entry shape shared by Claude/Cursor, VS Code and the seed's configs:
/// <c>{type?, command, args, env, cwd}</c> (and the console's own <c>envPassThrough</c>, <c>secretArgs</c>) for stdio or <c>{type?, url, headers}</c> for HTTP.
/// Errors about the entry as a whole are reported on the line of its name.
/// </summary>
internal static class StandardEntry
{
    public static (ServerDefinition Server, LocatedObject Entry) Read(LocatedMember member)
    {
        var name = member.Name;
        var owner = $"server '{name}'";
        var entry = EntryFields.RequireObject(member.Value, owner);
        var transport = ResolveTransport(owner, entry, member.Position);
        if (transport == ServerTransport.Stdio)
        {
            return (new ServerDefinition
            {
                Name = name,
                Transport = transport,
                Command = EntryFields.OptionalString(entry, "command", owner),
                Arguments = EntryFields.StringList(entry, "args", owner),
                Environment = EntryFields.StringMap(entry, "env", owner),
                WorkingDirectory = EntryFields.OptionalString(entry, "cwd", owner),
                PassThroughEnvironment = EntryFields.StringList(entry, "envPassThrough", owner),
                SecretArguments = EntryFields.IndexList(entry, "secretArgs", owner),
            }, entry);
        }

        return (new ServerDefinition
        {
            Name = name,
            Transport = transport,
            Url = EntryFields.OptionalString(entry, "url", owner),
            Headers = EntryFields.StringMap(entry, "headers", owner),
        }, entry);
    }

    private static ServerTransport ResolveTransport(string owner, LocatedObject entry, SourcePosition at)
    {
        var type = EntryFields.OptionalString(entry, "type", owner);
        var hasCommand = entry.Get("command") is not null;
        var hasUrl = entry.Get("url") is not null;
        if (type is not null)
        {
            var transport = ParseType(type) ?? throw new ImportException(entry.Find("type")!.Value.Position,
                $"{owner} has unknown type '{type}' (expected stdio, http or sse)");
            if (transport == ServerTransport.Stdio && !hasCommand)
            {
                throw new ImportException(at, $"{owner} has type '{type}' but no command");
            }

            if (transport != ServerTransport.Stdio && !hasUrl)
            {
                throw new ImportException(at, $"{owner} has type '{type}' but no url");
            }

            return transport;
        }

        return (hasCommand, hasUrl) switch
        {
            (true, false) => ServerTransport.Stdio,
            (false, true) => ServerTransport.StreamableHttp,
            (true, true) => throw new ImportException(at, $"{owner} has both command and url: add \"type\" to choose"),
            _ => throw new ImportException(at, $"{owner} has neither command nor url"),
        };
    }

    public static ServerTransport? ParseType(string type) => type.Trim().ToLowerInvariant() switch
    {
        "stdio" => ServerTransport.Stdio,
        "http" or "streamable-http" or "streamablehttp" or "streamable_http" => ServerTransport.StreamableHttp,
        "sse" => ServerTransport.Sse,
        _ => null,
    };
}
