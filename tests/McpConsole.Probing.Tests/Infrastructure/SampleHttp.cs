using McpConsole.SampleServer.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace McpConsole.Probing.Tests.Infrastructure;

/// <summary>The sample server on a real Kestrel socket (127.0.0.1) inside the test process.</summary>
public sealed class SampleHttp : IAsyncDisposable
{
    public const string AdminToken = "probing-admin-token";
    private readonly WebApplication _app;

    private SampleHttp(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }
    public string Mcp => new Uri(BaseUri, "mcp").ToString();
    public string Sse => new Uri(BaseUri, "mcp/sse").ToString();
    public int Port => BaseUri.Port;

    public static async Task<SampleHttp> StartAsync(string label, int port = 0, params string[] args)
    {
        var app = SampleServerApp.Build(["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--name", TestRun.Name(label), "--admin-token", AdminToken, .. args]);
        await app.StartAsync(TestRun.Deadline(30));
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new SampleHttp(app, new Uri(address + "/"));
    }

    public async Task SetFaultsAsync(string json)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(BaseUri, "admin/faults"))
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", AdminToken);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(TestRun.Deadline(15));
        await _app.DisposeAsync();
    }
}
