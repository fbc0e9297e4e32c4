using McpConsole.Core.Metrics;
using McpConsole.Web.Features.Accounts;
using McpConsole.Web.Features.Audit;
using McpConsole.Web.Features.Metrics.Series;

namespace McpConsole.Web.Features.Metrics;

/// <summary>GET /api/servers/{id}/metrics?range=24h (the series the charts draw) and the availability target.</summary>
internal static class MetricsEndpoints
{
    public static void MapMetricsApi(this WebApplication app)
    {
        var servers = app.MapGroup("/api/servers/{id:int}").WithTags("Metrics");
        servers.MapGet("/metrics", async (int id, string? range, ServerMetricsService metrics, CancellationToken ct) =>
        {
            if (!MetricsRange.TryParse(range, out var parsed))
                return Results.Problem($"Unknown range '{range}'. Use one of: {string.Join(", ", MetricsRange.All.Select(r => r.Name))}.", statusCode: 400);
            return await metrics.GetAsync(id, parsed, ct) is { } result ? Results.Ok(result) : Results.NotFound();
        }).RequireAuthorization(Policies.Viewer);

        servers.MapPut("/availability-target", async (int id, TargetInput input, AvailabilityTargets targets, HttpContext http, CancellationToken ct) =>
        {
            if (AvailabilityTargets.Validate(input.TargetPercent) is { } error)
                return Results.Problem("targetPercent: " + error, statusCode: 400);
            return await targets.SetAsync(id, input.TargetPercent!.Value, http.User.ActorName(), ct) ? Results.NoContent() : Results.NotFound();
        }).RequireAuthorization(Policies.Operator);
    }

    internal sealed record TargetInput(double? TargetPercent);
}
