namespace McpConsole.SampleServer.Metrics;

public static class MetricsEndpoints
{
    /// <summary>GET /metrics, plus the middleware that counts open MCP connections.</summary>
    public static WebApplication MapSampleMetrics(this WebApplication app)
    {
        var tracker = app.Services.GetRequiredService<ConnectionTracker>();
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            if (!path.StartsWithSegments("/mcp"))
            {
                await next(context);
                return;
            }
            using var _ = tracker.Open();
            await next(context);
        });
        app.MapGet("/metrics", (PrometheusText text) => Results.Text(text.Render(), PrometheusText.ContentType));
        return app;
    }
}
