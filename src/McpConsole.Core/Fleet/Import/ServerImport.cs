using McpConsole.Core.Fleet.Import.Json;

namespace McpConsole.Core.Fleet.Import;

/// <summary>
/// The one entry point for importing servers from a configuration file. Detects the format, parses every entry and
/// validates it; the first problem fails the whole file with its 1-based line, so nothing is half-imported.
/// Comments and trailing commas are accepted (VS Code's JSONC files have them).
/// </summary>
public static class ServerImport
{
    public static ImportParseResult Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            var root = LocatedJsonReader.Read(json) as LocatedObject
                ?? throw new ImportException(1, 1, "expected a JSON object at the top level");
            var (format, servers) = ParseDetected(root);
            return ImportParseResult.Success(format, servers);
        }
        catch (ImportException ex)
        {
            return ImportParseResult.Failure(new ImportError(ex.Line, ex.Column, ex.Reason));
        }
    }

    private static (ImportFormat, IReadOnlyList<ServerDefinition>) ParseDetected(LocatedObject root)
    {
        if (root.Get(McpServersFormat.RootKey) is { } mcpServers)
        {
            return (ImportFormat.McpServers, McpServersFormat.Parse(EntryFields.RequireObject(mcpServers, "'mcpServers'")));
        }

        // VS Code: mcp.json has "servers" at the top; settings.json nests it under "mcp".
        var vsCodeServers = root.Get(VsCodeFormat.RootKey)
            ?? (root.Get("mcp") as LocatedObject)?.Get(VsCodeFormat.RootKey);
        if (vsCodeServers is not null)
        {
            return (ImportFormat.VsCode, VsCodeFormat.Parse(EntryFields.RequireObject(vsCodeServers, "'servers'")));
        }

        if (RegistryServerJsonFormat.FindServer(root) is { } serverJson)
        {
            return (ImportFormat.RegistryServerJson, RegistryServerJsonFormat.Parse(serverJson));
        }

        if (root.Has(SeedDeploymentFormat.ProductionSingleKey) || root.Has(SeedDeploymentFormat.HybridDeploymentKey))
        {
            return (ImportFormat.SeedDeployment, SeedDeploymentFormat.Parse(root));
        }

        throw new ImportException(root.Position,
            "unrecognised format: expected 'mcpServers' (Claude Desktop, Cursor), 'servers' (VS Code), a registry " +
            "server.json ('name' with 'packages' or 'remotes'), 'production_single' or 'hybrid_deployment'");
    }
}
