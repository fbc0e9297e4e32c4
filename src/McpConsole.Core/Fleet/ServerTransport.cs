namespace McpConsole.Core.Fleet;

/// <summary>How the console talks to an MCP server.</summary>
public enum ServerTransport
{
    /// <summary>A local process speaking MCP on stdin/stdout.</summary>
    Stdio,

    /// <summary>The Streamable HTTP transport (one endpoint, POST + optional SSE stream).</summary>
    StreamableHttp,

    /// <summary>The legacy HTTP+SSE transport.</summary>
    Sse,
}
