using ModelContextProtocol.Client;

namespace McpConsole.SampleServer.Tests.Infrastructure;

public enum Transport
{
    StreamableHttp,
    Sse,
    Stdio,
}

/// <summary>Creates MCP clients over each transport, optionally pinned to a protocol version.</summary>
public static class Clients
{
    /// <summary>The last revision with initialize + ping; null means the client's default (2026-07-28).</summary>
    public const string Nov2025 = "2025-11-25";
    public const string Jul2026 = "2026-07-28";

    public static McpClientOptions Options(string? protocolVersion) => new()
    {
        ProtocolVersion = protocolVersion,
        InitializationTimeout = TimeSpan.FromSeconds(15),
        // Generous: a stdio server still starting (dotnet on a loaded 2-core machine) must not be mistaken for an old one.
        DiscoverProbeTimeout = TimeSpan.FromSeconds(15),
    };

    public static Task<McpClient> ConnectHttpAsync(IServerUnderTest server, Transport transport, string? protocolVersion, CancellationToken ct)
    {
        var endpoint = new Uri(server.BaseUri, transport == Transport.Sse ? "mcp/sse" : "mcp");
        var t = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = endpoint,
            TransportMode = transport == Transport.Sse ? HttpTransportMode.Sse : HttpTransportMode.StreamableHttp,
            ConnectionTimeout = TimeSpan.FromSeconds(10),
        });
        return McpClient.CreateAsync(t, Options(protocolVersion), cancellationToken: ct);
    }

    public static StdioClientTransport StdioTransport(string label, params string[] args) => new(new StdioClientTransportOptions
    {
        Name = label,
        Command = "dotnet",
        Arguments = [TestRun.ServerDll, "--stdio", "--name", TestRun.ServerName(label), .. args],
        ShutdownTimeout = TimeSpan.FromSeconds(3),
    });

    public static Task<McpClient> ConnectStdioAsync(string label, string? protocolVersion, CancellationToken ct, params string[] args) =>
        McpClient.CreateAsync(StdioTransport(label, args), Options(protocolVersion), cancellationToken: ct);
}
