using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpConsole.Web.Tests.Outbound;

/// <summary>
/// Two real HTTP servers on two loopback ports, so two origins. The "redirector" answers /away/... with a 307 to the
/// same path on the "other" origin, /same/... with a 302 to its own /metrics (Prometheus text); the other origin
/// records every request that reaches it (what a hostile redirect target would learn).
/// </summary>
public sealed class LoopbackOrigins : IAsyncDisposable
{
    public const string MetricsText = "process_cpu_seconds_total 1.5\nprocess_resident_memory_bytes 10485760\n";

    private readonly WebApplication _redirector;
    private readonly WebApplication _other;

    private LoopbackOrigins(WebApplication redirector, WebApplication other) => (_redirector, _other) = (redirector, other);

    /// <summary>Every request the other origin received: method, path and headers.</summary>
    public ConcurrentQueue<(string Method, string Path, IReadOnlyDictionary<string, string> Headers)> ReachedOther { get; } = new();

    public Uri Redirector { get; private set; } = null!;
    public Uri Other { get; private set; } = null!;

    public static async Task<LoopbackOrigins> StartAsync()
    {
        var other = Build();
        var redirector = Build();
        var origins = new LoopbackOrigins(redirector, other);
        other.Map("/{**path}", (HttpContext http) =>
        {
            origins.ReachedOther.Enqueue((http.Request.Method, http.Request.Path.Value ?? "",
                http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
            return Results.Text("169.254.169.254 would have answered: iam/security-credentials/...");
        });
        await other.StartAsync();
        origins.Other = Address(other);

        redirector.Map("/away/{**path}", (string? path) => Results.Redirect(new Uri(origins.Other, path ?? "").ToString(), permanent: false, preserveMethod: true));
        redirector.Map("/same/{**path}", () => Results.Redirect("/metrics"));
        redirector.MapGet("/metrics", () => Results.Text(MetricsText, "text/plain; version=0.0.4"));
        await redirector.StartAsync();
        origins.Redirector = Address(redirector);
        return origins;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in new[] { _redirector, _other })
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static WebApplication Build()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        return builder.Build();
    }

    private static Uri Address(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
}
