using McpConsole.Web.Features.Accounts;

namespace McpConsole.Web.Features.Costs;

/// <summary>/api/costs: summary, recommendations (dismiss, snooze, restore), price settings.</summary>
internal static class CostEndpoints
{
    public sealed record SnoozeInput(int? Days);

    public static void MapCostEndpoints(this WebApplication app)
    {
        var costs = app.MapGroup("/api/costs").WithTags("Costs").RequireAuthorization(Policies.Viewer);

        costs.MapGet("/summary", async (int? days, CostService service, CancellationToken ct) =>
            days is { } d and (< 1 or > 400)
                ? Results.Problem("days must be 1 to 400.", statusCode: 400)
                : Results.Ok(await service.SummaryAsync(days ?? 7, ct)))
            .WithSummary("Fleet cost over the last N days (default 7): totals per day, week and month, daily average, peak hour, idle cost, by group, location, tag and server.");

        costs.MapGet("/recommendations", async (RecommendationBoard board, CancellationToken ct) => Results.Ok(await board.ListAsync(ct)))
            .WithSummary("Open right-sizing recommendations with their evidence and monthly saving, and servers that need more data.");

        costs.MapPost("/recommendations/{key}/dismiss", async (string key, RecommendationBoard board, HttpContext http, CancellationToken ct) =>
            await board.DismissAsync(key, http.User.ActorName(), ct) ? Results.NoContent() : Results.NotFound())
            .RequireAuthorization(Policies.Operator).WithSummary("Hides a recommendation for good (key '{serverId}:{kind}').");

        costs.MapPost("/recommendations/{key}/snooze", async (string key, SnoozeInput? body, RecommendationBoard board, HttpContext http, CancellationToken ct) =>
        {
            var days = body?.Days ?? (int)RecommendationBoard.DefaultSnooze.TotalDays;
            if (days is < 1 or > 365)
                return Results.Problem("days must be 1 to 365.", statusCode: 400);
            return await board.SnoozeAsync(key, TimeSpan.FromDays(days), http.User.ActorName(), ct) ? Results.NoContent() : Results.NotFound();
        }).RequireAuthorization(Policies.Operator).WithSummary("Hides a recommendation for some days (default 7).");

        costs.MapDelete("/recommendations/{key}/decision", async (string key, RecommendationBoard board, HttpContext http, CancellationToken ct) =>
            await board.RestoreAsync(key, http.User.ActorName(), ct) ? Results.NoContent() : Results.NotFound())
            .RequireAuthorization(Policies.Operator).WithSummary("Brings back a dismissed or snoozed recommendation.");

        costs.MapGet("/settings", async (CostPrices prices, CancellationToken ct) => Results.Ok(await prices.GetAsync(ct)))
            .WithSummary("Currency, prices (default, per group, per location) and the daily cost alert threshold.");

        costs.MapPut("/settings", async (CostSettingsView body, CostPrices prices, HttpContext http, CancellationToken ct) =>
            await prices.SaveAsync(body, http.User.ActorName(), ct) is { } error ? Results.Problem(error, statusCode: 400) : Results.NoContent())
            .RequireAuthorization(Policies.Admin).WithSummary("Replaces the cost settings.");
    }
}
