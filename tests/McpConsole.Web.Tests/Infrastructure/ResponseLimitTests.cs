using System.Net;
using System.Net.Sockets;
using System.Text;
using McpConsole.Web.Infrastructure.Limits;

namespace McpConsole.Web.Tests.Infrastructure;

/// <summary>The byte limits against a real HTTP listener: declared, chunked and server-sent-event bodies.</summary>
public sealed class ResponseLimitTests : IAsyncDisposable
{
    private const int Limit = 128 * 1024;
    private readonly HttpListener _listener = new();
    private readonly string _prefix;
    private readonly Task _serving;

    public ResponseLimitTests()
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            _prefix = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/";
        }

        _listener.Prefixes.Add(_prefix);
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    [Fact]
    public async Task DeclaredBodyOverTheLimit_IsRefusedBeforeReading()
    {
        using var http = new HttpClient(new MessageSizeLimitHandler(Limit) { InnerHandler = new SocketsHttpHandler() });
        var ex = await Assert.ThrowsAsync<ResponseTooLargeException>(() => http.GetAsync(_prefix + "json?kb=300"));
        Assert.Equal($"MCP response too large (over {Limit} bytes)", ex.Message);
    }

    [Fact]
    public async Task EventStream_IsLimitedPerEvent_NotInTotal()
    {
        using var http = new HttpClient(new MessageSizeLimitHandler(Limit) { InnerHandler = new SocketsHttpHandler() });
        var fine = await http.GetStringAsync(_prefix + "events?kb=100&count=3"); // 300 KiB in all, 100 KiB per event
        Assert.Equal(3, fine.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Length);
        // HttpClient wraps what the content stream throws while it buffers the body.
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => http.GetStringAsync(_prefix + "events?kb=200&count=1"));
        Assert.IsType<ResponseTooLargeException>(ex as ResponseTooLargeException ?? ex.InnerException);
    }

    [Fact]
    public async Task EventStream_OversizedEventReadInOneGo_WithItsBlankLine_IsStillRefused()
    {
        // What a fast loopback server often delivers: the whole event and the blank line that ends it in one read.
        var wire = Encoding.UTF8.GetBytes($"data: {new string('e', 2 * Limit)}\n\n");
        using var http = new HttpClient(new MessageSizeLimitHandler(Limit) { InnerHandler = new OneReadServer(wire) });
        using var response = await http.GetAsync("http://events.test/", HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[wire.Length + 1024];
        await Assert.ThrowsAsync<ResponseTooLargeException>(async () => await body.ReadAtLeastAsync(buffer, wire.Length, throwOnEndOfStream: false));
    }

    /// <summary>Answers every request with one event-stream body that a single read returns whole.</summary>
    private sealed class OneReadServer(byte[] wire) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var content = new StreamContent(new MemoryStream(wire));
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/event-stream");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content });
        }
    }

    [Fact]
    public async Task ChunkedHealthBody_OverTheLimit_IsCutShortWithAClearReason()
    {
        using var http = new HttpClient();
        using var small = await http.GetAsync(_prefix + "chunked?kb=10");
        Assert.Equal(10 * 1024, (await small.Content.ReadAsStringAsync(Limit, "GET /health", CancellationToken.None)).Length);
        using var large = await http.GetAsync(_prefix + "chunked?kb=1024", HttpCompletionOption.ResponseHeadersRead);
        var ex = await Assert.ThrowsAsync<ResponseTooLargeException>(() => large.Content.ReadAsStringAsync(Limit, "GET /health", CancellationToken.None));
        Assert.Equal($"GET /health response too large (over {Limit} bytes)", ex.Message);
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _serving.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private static async Task AnswerAsync(HttpListenerContext context)
    {
        var query = context.Request.QueryString;
        var kb = int.Parse(query["kb"] ?? "1");
        var response = context.Response;
        try
        {
            switch (context.Request.Url!.AbsolutePath)
            {
                case "/json":
                    var body = Encoding.UTF8.GetBytes("\"" + new string('j', kb * 1024) + "\"");
                    response.ContentType = "application/json";
                    response.ContentLength64 = body.Length;
                    await response.OutputStream.WriteAsync(body);
                    break;
                case "/events":
                    response.ContentType = "text/event-stream";
                    response.SendChunked = true;
                    for (var i = 0; i < int.Parse(query["count"] ?? "1"); i++)
                        await response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes($"data: {new string('e', kb * 1024 - 10)}\n\n"));
                    break;
                default:
                    response.ContentType = "application/json";
                    response.SendChunked = true;
                    var chunk = Encoding.UTF8.GetBytes(new string('c', 1024));
                    for (var i = 0; i < kb; i++)
                        await response.OutputStream.WriteAsync(chunk);
                    break;
            }

            response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
        {
            // the client stopped reading at its limit
        }
    }
}
