using McpConsole.Web.Features.Accounts;
using McpConsole.Web.Features.Backups.Plans;

namespace McpConsole.Web.Features.Backups;

public static partial class BackupEndpoints
{
    private static void MapPlans(RouteGroupBuilder api)
    {
        api.MapGet("/plans", (PlanService plans, CancellationToken ct) => plans.ListAsync(ct)).WithSummary("Backup plans with their next run.");

        api.MapPost("/plans", async (PlanInput body, PlanService plans, HttpContext http, CancellationToken ct) =>
        {
            var (plan, errors) = await plans.SaveAsync(null, body, http.User.ActorName(), ct);
            return plan is not null ? Results.Created($"/api/backups/plans/{plan.Id}", plan) : Refused(errors);
        }).RequireAuthorization(Policies.Operator).WithSummary("Creates a plan: sources, cron (default daily 02:00 UTC), retention keep-last/daily/weekly/monthly, max age.");

        api.MapPut("/plans/{id:int}", async (int id, PlanInput body, PlanService plans, HttpContext http, CancellationToken ct) =>
        {
            var (plan, errors) = await plans.SaveAsync(id, body, http.User.ActorName(), ct);
            return plan is not null ? Results.Ok(plan) : errors is ["no such plan"] ? Results.NotFound() : Refused(errors);
        }).RequireAuthorization(Policies.Operator);

        api.MapDelete("/plans/{id:int}", async (int id, PlanService plans, HttpContext http, CancellationToken ct) =>
            await plans.DeleteAsync(id, http.User.ActorName(), ct) ? Results.NoContent() : Results.NotFound())
            .RequireAuthorization(Policies.Operator).WithSummary("Removes a plan and its schedule (its backups stay).");

        api.MapPost("/plans/{id:int}/run", async (int id, PlanService plans, BackupJobs jobs, CancellationToken ct) =>
        {
            if (await plans.GetAsync(id, ct) is null)
                return Results.NotFound();
            await jobs.RunPlanAsync(id, ct);
            return Results.NoContent();
        }).RequireAuthorization(Policies.Operator).WithSummary("Runs a plan now: its backups, then pruning by its retention.");

        api.MapGet("/events", (BackupJobs jobs, CancellationToken ct) => jobs.RecentEventsAsync(50, ct))
            .WithSummary("Failed backups, failed verifications and plans whose last good backup is too old (newest first).");
    }

    private static IResult Refused(IReadOnlyList<string> errors) =>
        Results.Problem(string.Join("; ", errors), statusCode: StatusCodes.Status400BadRequest, title: "The plan was refused",
            extensions: new Dictionary<string, object?> { ["errors"] = errors });
}
