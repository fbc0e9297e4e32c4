using System.Collections.Concurrent;
using McpConsole.Core.Fleet;
using McpConsole.Web.Features.Fleet;
using McpConsole.Web.Infrastructure.Outbound;
using McpConsole.Web.Infrastructure.Limits;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Client;

namespace McpConsole.Web.Features.Probing;

/// <summary>
/// Cached MCP clients of HTTP servers (Streamable HTTP and SSE), one per server, reused between probes over one
/// shared connection pool. Dropped when the definition changes, after a failure, or on <see cref="ForgetAsync"/>.
/// </summary>
/// <param name="policy">Where connections and redirects may go (the defaults when null).</param>
public sealed class HttpSessions(OutboundPolicy? policy = null, IOptions<ResponseLimitOptions>? limits = null) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<int, Session> _sessions = new();

    // Every body read through it is bounded: one MCP message (or one server-sent event) at most MaxMessageBytes.
    private readonly HttpClient _http = new(new MessageSizeLimitHandler((limits?.Value ?? new ResponseLimitOptions()).MaxMessageBytes)
    {
        InnerHandler = (policy ?? OutboundPolicy.Default).CreateHandler(h =>
        {
            h.PooledConnectionLifetime = TimeSpan.FromMinutes(5);
            h.MaxConnectionsPerServer = 16;
        }),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan, // every request carries the probe's deadline instead
    };

    /// <summary>The shared pool, also used for GET /health and /ready.</summary>
    internal HttpClient Http => _http;

    public McpClient? TryGet(ProbeTarget target) =>
        _sessions.TryGetValue(target.Id, out var s) && s.Fingerprint == target.ConnectionFingerprint() && !s.Client.Completion.IsCompleted
            ? s.Client
            : null;

    public async Task<McpClient> CreateAsync(ProbeTarget target, McpClientOptions options, CancellationToken ct)
    {
        await ForgetAsync(target.Id);
        var definition = target.Definition;
        if (!Uri.TryCreate(definition.Url, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            throw new UriFormatException($"not an http(s) URL: {definition.Url}");
        }

        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = endpoint,
            Name = $"server-{target.Id}",
            TransportMode = definition.Transport == ServerTransport.Sse ? HttpTransportMode.Sse : HttpTransportMode.StreamableHttp,
            AdditionalHeaders = definition.Headers.ToDictionary(p => p.Key, p => p.Value),
            ConnectionTimeout = target.Timeout(),
        }, _http, ownsHttpClient: false);
        var client = await McpClient.CreateAsync(transport, options, cancellationToken: ct);
        _sessions[target.Id] = new Session(client, target.ConnectionFingerprint());
        return client;
    }

    public async Task ForgetAsync(int serverId)
    {
        if (_sessions.TryRemove(serverId, out var session))
        {
            await DisposeQuietly(session.Client);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_sessions.Keys.ToList().Select(ForgetAsync));
        _http.Dispose();
    }

    private static async Task DisposeQuietly(McpClient client)
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await client.DisposeAsync().AsTask().WaitAsync(cts.Token);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // a dead server cannot acknowledge the session's end; nothing to do
        }
    }

    private sealed record Session(McpClient Client, string Fingerprint);
}
