namespace McpConsole.Core.Fleet.Import;

/// <summary>The configuration file formats <see cref="ServerImport"/> recognises.</summary>
public enum ImportFormat
{
    /// <summary>Claude Desktop / Cursor / Claude Code: <c>{"mcpServers": {name: {command, args, env} | {url, headers}}}</c>.</summary>
    McpServers,

    /// <summary>VS Code <c>mcp.json</c>: <c>{"servers": {name: {type, ...}}, "inputs": [...]}</c>.</summary>
    VsCode,

    /// <summary>The MCP registry's <c>server.json</c> with <c>packages</c> and/or <c>remotes</c>.</summary>
    RegistryServerJson,

    /// <summary>The seed's deployment configs: <c>production_single.servers</c> and/or <c>hybrid_deployment</c>.</summary>
    SeedDeployment,
}
