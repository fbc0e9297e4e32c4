namespace McpConsole.SampleServer.Hosting;

/// <summary>
/// DNS-rebinding protection for the MCP endpoints: the Host header (and Origin, when sent) must name an allowed
/// host, else 403. Allowed by default: localhost, 127.0.0.1, [::1]; add more with --allowed-hosts a,b (or * for any).
/// </summary>
public static class HostGuard
{
    public static WebApplication UseSampleHostGuard(this WebApplication app, SampleServerOptions options)
    {
        var allowed = new HashSet<string>(["localhost", "127.0.0.1", "[::1]", "::1", .. options.AllowedHosts], StringComparer.OrdinalIgnoreCase);
        if (allowed.Contains("*")) return app;
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/mcp"))
            {
                var host = context.Request.Host.Host;
                var origin = context.Request.Headers.Origin.ToString();
                var originOk = origin.Length == 0 || (Uri.TryCreate(origin, UriKind.Absolute, out var o) && allowed.Contains(o.Host));
                if (!allowed.Contains(host) || !originOk)
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    await context.Response.WriteAsJsonAsync(new { error = "host or origin not allowed" });
                    return;
                }
            }
            await next(context);
        });
        return app;
    }
}
