namespace McpConsole.SampleServer.Health;

/// <summary>GET /health (200 while the process serves; the body says healthy or degraded), GET /ready (503 unless primary).</summary>
public static class HealthEndpoints
{
    public static WebApplication MapSampleHealth(this WebApplication app)
    {
        app.MapGet("/health", (HealthReporter h) => Results.Text(h.CheckJson(), "application/json"));
        app.MapGet("/ready", (HealthReporter h) =>
        {
            var s = h.Check();
            var body = new { ready = s.Ready, role = s.Role, epoch = s.Epoch, status = s.Status };
            return Results.Json(body, statusCode: s.Ready ? 200 : 503);
        });
        return app;
    }
}
