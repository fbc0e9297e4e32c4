namespace McpConsole.Core.Health;

public enum ProbeFailureKind
{
    /// <summary>A step missed its deadline.</summary>
    Timeout,
    ConnectionRefused,

    /// <summary>The stdio process exited or the stream closed (exit code and stderr tail when known).</summary>
    TransportClosed,

    /// <summary>An HTTP status other than 401/403 (those are <see cref="Unauthorized"/>).</summary>
    HttpStatus,
    Unauthorized,
    CommandNotFound,
    InvalidUrl,

    /// <summary>The server answered, but not with valid MCP (garbage on stdout, bad JSON-RPC, unexpected error).</summary>
    ProtocolError,

    /// <summary>
    /// The console cannot load the server's definition (stored secrets undecryptable under this master key, a stored
    /// field unreadable): no probe was attempted. Not transient: the server is Misconfigured until an operator acts.
    /// </summary>
    DefinitionUnreadable,
    Other,
}
