using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using McpConsole.TestSupport;
using McpConsole.Web.Features.Demo;
using Microsoft.AspNetCore.Hosting;

namespace McpConsole.Web.Tests.Metrics;

/// <summary>
/// With an OTLP endpoint configured, the console pushes traces (including the MCP SDK's spans of its probes) and
/// metrics to a real HTTP receiver; without one, it sends nothing.
/// </summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task OtlpEndpointConfigured_ProbeSpansFromTheMcpSdk_AndMetrics_ArePushedOverOtlpHttp()
    {
        using var receiver = OtlpReceiver.Start();
        await using var console = new TelemetryConsole(receiver.BaseUrl);
        var dll = SampleServerLocator.Find(null) ?? throw new InvalidOperationException("build the solution first: McpConsole.SampleServer.dll not found");
        await using var server = await DemoProcess.StartAsync(dll, new DemoServer("otlp-one", "host-o", "cloud", [], []), CancellationToken.None);
        var admin = console.CreateClient();
        admin.DefaultRequestHeaders.Add("X-Api-Key", ConsoleAppFactory.BootstrapKey);
        var created = await admin.PostAsJsonAsync("/api/servers", new
        {
            name = "otlp-one", transport = "StreamableHttp", url = new Uri(server.BaseUri, "mcp").ToString(), probeIntervalSeconds = 5, timeoutSeconds = 5,
        });
        created.EnsureSuccessStatusCode();

        // Protobuf keeps strings as UTF-8 bytes: the scope name and the span name are readable in the payload.
        await receiver.WaitForAsync("/v1/traces", body => body.Contains("Experimental.ModelContextProtocol", StringComparison.Ordinal)
            && body.Contains("tools/list", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        await receiver.WaitForAsync("/v1/metrics", body => body.Contains("McpConsole", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        Assert.All(receiver.Requests, r => Assert.Equal("application/x-protobuf", r.ContentType));
    }

    [Fact]
    public async Task NoEndpoint_NothingIsExported()
    {
        using var receiver = OtlpReceiver.Start();
        await using var console = new ConsoleAppFactory();
        var admin = console.CreateClient();
        admin.DefaultRequestHeaders.Add("X-Api-Key", ConsoleAppFactory.BootstrapKey);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/servers")).StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Empty(receiver.Requests);
    }

    private sealed class TelemetryConsole(string endpoint) : ConsoleAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("McpConsole:Telemetry:OtlpEndpoint", endpoint);
            builder.UseSetting("McpConsole:Telemetry:MetricsInterval", "00:00:01");
        }
    }

    /// <summary>An OTLP/HTTP collector stand-in: records every POST with its path, content type and body.</summary>
    private sealed class OtlpReceiver : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly ConcurrentQueue<Received> _requests = new();

        private OtlpReceiver(int port)
        {
            BaseUrl = $"http://127.0.0.1:{port}";
            _listener.Prefixes.Add(BaseUrl + "/");
            _listener.Start();
            _ = Task.Run(AcceptAsync);
        }

        public string BaseUrl { get; }

        public IReadOnlyCollection<Received> Requests => _requests;

        public static OtlpReceiver Start()
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            return new OtlpReceiver(port);
        }

        public async Task WaitForAsync(string path, Func<string, bool> matches, TimeSpan within)
        {
            var deadline = DateTime.UtcNow + within;
            while (DateTime.UtcNow < deadline)
            {
                if (_requests.Any(r => r.Path == path && matches(r.Body)))
                    return;
                await Task.Delay(200);
            }

            Assert.Fail($"no matching OTLP export to {path} within {within.TotalSeconds} s; got: "
                + string.Join(", ", _requests.Select(r => $"{r.Path} ({r.Body.Length} bytes)")));
        }

        private async Task AcceptAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                using var buffer = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(buffer);
                _requests.Enqueue(new Received(context.Request.Url!.AbsolutePath, context.Request.ContentType, Encoding.UTF8.GetString(buffer.ToArray())));
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        }

        public void Dispose() => _listener.Close();

        public sealed record Received(string Path, string? ContentType, string Body);
    }
}
