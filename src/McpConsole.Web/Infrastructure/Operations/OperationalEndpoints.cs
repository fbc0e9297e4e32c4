using McpConsole.Web.Features.Accounts;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Prometheus;

namespace McpConsole.Web.Infrastructure.Operations;

/// <summary>/health (liveness), /ready (database and job storage) and /metrics (Prometheus text).</summary>
public static class OperationalEndpoints
{
    private const string ReadyTag = "ready";

    public static IHostApplicationBuilder AddOperationalEndpoints(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseReadinessCheck>("database", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(5))
            .AddCheck<JobStorageReadinessCheck>("jobs", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(5));
        return builder;
    }

    public static void MapOperationalEndpoints(this WebApplication app)
    {
        app.MapGet("/health", () => Results.Json(new { status = "alive" }))
            .AllowAnonymous().DisableHttpMetrics().ExcludeFromDescription();
        app.MapHealthChecks("/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteJson })
            .AllowAnonymous().DisableHttpMetrics().ExcludeFromDescription();
        // Needs a login or an API key (the fallback policy); Prometheus sends the key as a bearer token.
        app.MapMetrics("/metrics").RequireAuthorization(Policies.Viewer);
    }

    private static Task WriteJson(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status == HealthStatus.Healthy ? "ready" : "not ready",
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                reason = e.Value.Description ?? e.Value.Exception?.Message,
                durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
            }),
        };
        return http.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
    }
}
