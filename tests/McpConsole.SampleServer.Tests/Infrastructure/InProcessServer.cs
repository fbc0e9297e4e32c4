using McpConsole.SampleServer.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace McpConsole.SampleServer.Tests.Infrastructure;

/// <summary>The sample server on a real Kestrel socket (127.0.0.1, free port) inside the test process.</summary>
public sealed class InProcessServer : IAsyncDisposable, IServerUnderTest
{
    public const string AdminToken = "test-admin-token";

    private readonly WebApplication _app;

    private InProcessServer(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
        Http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseUri { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a server; extra args are the sample server's own (for example --role standby).</summary>
    public static async Task<InProcessServer> StartAsync(string label, params string[] args)
    {
        var app = SampleServerApp.Build(["--port", "0", "--name", TestRun.ServerName(label), "--admin-token", AdminToken, .. args]);
        await app.StartAsync(TestRun.Deadline());
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new InProcessServer(app, new Uri(address.Replace("[::]", "127.0.0.1") + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync(TestRun.Deadline(15));
        await _app.DisposeAsync();
    }
}

public interface IServerUnderTest
{
    Uri BaseUri { get; }

    HttpClient Http { get; }
}
