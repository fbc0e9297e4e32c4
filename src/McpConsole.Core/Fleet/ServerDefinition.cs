namespace McpConsole.Core.Fleet;

/// <summary>
/// The registry's neutral description of one MCP server, independent of storage and of any client's config format.
/// Environment values, header values and secret arguments are secrets: never log or display them in clear.
/// </summary>
public sealed record ServerDefinition
{
    public const int DefaultProbeIntervalSeconds = 30;
    public const int DefaultTimeoutSeconds = 10;

    public required string Name { get; init; }
    public ServerTransport Transport { get; init; } = ServerTransport.Stdio;

    // stdio
    public string? Command { get; init; }
    public IReadOnlyList<string> Arguments { get; init; } = [];
    public IReadOnlyDictionary<string, string> Environment { get; init; } = _emptyMap;
    public string? WorkingDirectory { get; init; }

    /// <summary>Names of the console's own environment variables handed to the process (set by an Admin).</summary>
    public IReadOnlyList<string> PassThroughEnvironment { get; init; } = [];

    /// <summary>Indexes of arguments that are secrets (see <see cref="ArgumentSecrets"/>): stored encrypted, shown redacted.</summary>
    public IReadOnlyList<int> SecretArguments { get; init; } = [];

    // Streamable HTTP / SSE
    public string? Url { get; init; }
    public IReadOnlyDictionary<string, string> Headers { get; init; } = _emptyMap;

    // placement and allocation
    public string? Group { get; init; }
    public string? Location { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public double? CpuCores { get; init; }
    public int? MemoryMb { get; init; }

    // probing
    public int ProbeIntervalSeconds { get; init; } = DefaultProbeIntervalSeconds;
    public int TimeoutSeconds { get; init; } = DefaultTimeoutSeconds;
    public bool Enabled { get; init; } = true;

    public bool IsHttp => Transport is ServerTransport.StreamableHttp or ServerTransport.Sse;

    private static readonly IReadOnlyDictionary<string, string> _emptyMap = new Dictionary<string, string>();
}
