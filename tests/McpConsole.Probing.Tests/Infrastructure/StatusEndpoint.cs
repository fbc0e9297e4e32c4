using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpConsole.Probing.Tests.Infrastructure;

/// <summary>A tiny Kestrel endpoint on 127.0.0.1 that answers every request on /mcp with one HTTP status.</summary>
public sealed class StatusEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StatusEndpoint(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public static async Task<StatusEndpoint> StartAsync(int status)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Map("/mcp", (HttpContext context) =>
        {
            if (status == 401)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
            }

            return Results.Text("{\"error\":\"test\"}", "application/json", statusCode: status);
        });
        await app.StartAsync(TestRun.Deadline(30));
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new StatusEndpoint(app, address + "/mcp");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(TestRun.Deadline(15));
        await _app.DisposeAsync();
    }
}
