using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpConsole.Web.Tests.Alerts;

/// <summary>A real HTTP receiver on a Kestrel port on 127.0.0.1 that keeps every JSON body posted to /hook.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _failuresLeft;

    private WebhookReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<JsonElement> Bodies { get; } = new();
    public string Url { get; private set; } = "";

    /// <summary>The next <paramref name="count"/> posts are answered 503 (the receiver is "down").</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref _failuresLeft, count);

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var receiver = new WebhookReceiver(builder.Build());
        receiver._app.MapPost("/hook", async (HttpContext http) =>
        {
            if (Interlocked.Decrement(ref receiver._failuresLeft) >= 0)
                return Results.Problem("receiver maintenance", statusCode: 503);
            var body = await JsonSerializer.DeserializeAsync<JsonElement>(http.Request.Body);
            receiver.Bodies.Enqueue(body);
            return Results.Text("accepted");
        });
        await receiver._app.StartAsync();
        var address = receiver._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = $"{address}/hook";
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
