using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpConsole.Web.Tests.TrustBoundaries;

/// <summary>One request as the capture server saw it.</summary>
public sealed record CapturedRequest(string Method, string PathAndQuery, string? Authorization);

/// <summary>
/// A real HTTP listener on its own loopback port that records every request (method, path, Authorization header)
/// and answers 404: it stands where an attacker's host would.
/// </summary>
public sealed class CaptureServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private CaptureServer(WebApplication app) => _app = app;

    public ConcurrentQueue<CapturedRequest> Requests { get; } = new();

    /// <summary>http://127.0.0.1:port</summary>
    public string Origin { get; private set; } = "";

    public static async Task<CaptureServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var server = new CaptureServer(builder.Build());
        server._app.Run(async http =>
        {
            server.Requests.Enqueue(new CapturedRequest(http.Request.Method, http.Request.Path + http.Request.QueryString,
                http.Request.Headers.Authorization.Count > 0 ? http.Request.Headers.Authorization.ToString() : null));
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            await http.Response.WriteAsync("captured");
        });
        await server._app.StartAsync();
        server.Origin = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return server;
    }

    public async Task WaitForRequestAsync(Func<CapturedRequest, bool> match, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Requests.Any(match))
        {
            Assert.True(DateTime.UtcNow < deadline, $"{Origin} received no {what} in {timeout.TotalSeconds:0} s (got {Requests.Count} request(s))");
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
