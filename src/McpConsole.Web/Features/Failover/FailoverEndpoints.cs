using McpConsole.Web.Features.Accounts;

namespace McpConsole.Web.Features.Failover;

/// <summary>/api/failover/groups: groups with their active server (for load balancers and clients), timeline, and the button.</summary>
public static class FailoverEndpoints
{
    public sealed record PromoteRequest(int? TargetServerId, long? ExpectedEpoch);

    public static void MapFailoverEndpoints(this WebApplication app)
    {
        var groups = app.MapGroup("/api/failover/groups").WithTags("Failover").RequireAuthorization(Policies.Viewer);

        groups.MapGet("/", async (FailoverGroups g, CancellationToken ct) => await g.ListAsync(ct))
            .WithSummary("All failover groups with state, epoch and active server.");

        groups.MapGet("/{id:int}", async (int id, FailoverGroups g, CancellationToken ct) =>
            await g.GetAsync(id, ct) is { } view ? Results.Ok(view) : Results.NotFound())
            .WithSummary("One group: state, epoch, the active server and its endpoint (what load balancers should follow), members, policy.");

        groups.MapGet("/{id:int}/events", async (int id, FailoverGroups g, CancellationToken ct, int? take) =>
            await g.GetAsync(id, ct) is null ? Results.NotFound() : Results.Ok(await g.TimelineAsync(id, take ?? 100, ct)))
            .WithSummary("The group's timeline, newest first: detected, promoted, fenced, failed back, with the trigger.");

        groups.MapPost("/", async (FailoverGroupInput body, FailoverGroups g, HttpContext http, CancellationToken ct) =>
            ToHttp(await g.CreateAsync(body, http.User.ActorName(), ct), v => Results.Created($"/api/failover/groups/{v.Id}", v)))
            .RequireAuthorization(Policies.Operator)
            .WithSummary("Defines a group: a primary and standbys (HTTP servers from the registry) and a policy.");

        groups.MapPut("/{id:int}", async (int id, FailoverGroupInput body, FailoverGroups g, HttpContext http, CancellationToken ct) =>
            ToHttp(await g.UpdateAsync(id, body, http.User.ActorName(), ct), Results.Ok))
            .RequireAuthorization(Policies.Operator)
            .WithSummary("Changes a group's name, policy, webhook or enabled flag (null keeps a value).");

        groups.MapDelete("/{id:int}", async (int id, FailoverGroups g, HttpContext http, CancellationToken ct) =>
            ToHttp(await g.DeleteAsync(id, http.User.ActorName(), ct), _ => Results.NoContent()))
            .RequireAuthorization(Policies.Operator)
            .WithSummary("Removes a group; servers keep their current roles.");

        groups.MapPut("/{id:int}/command", async (int id, TransitionCommandInput body, FailoverGroups g, HttpContext http, CancellationToken ct) =>
            ToHttp(await g.SetCommandAsync(id, body, http.User.ActorName(), ct), Results.Ok))
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Admin: a program (and arguments, each passed as is, never through a shell) run on each transition with the transition in MCPCONSOLE_FAILOVER_* environment variables; exit code and output tail land on the timeline.");

        groups.MapDelete("/{id:int}/command", async (int id, FailoverGroups g, HttpContext http, CancellationToken ct) =>
            ToHttp(await g.SetCommandAsync(id, null, http.User.ActorName(), ct), Results.Ok))
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Admin: no command runs on transitions any more.");

        groups.MapPost("/{id:int}/preview", async (int id, PromoteRequest body, FailoverCoordinator c, CancellationToken ct) =>
        {
            if (body.TargetServerId is not { } target)
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["targetServerId"] = ["required"] });
            return await c.PreviewAsync(id, target, ct) is { } preview ? Results.Ok(preview) : Results.NotFound();
        }).RequireAuthorization(Policies.Operator)
            .WithSummary("What promoting targetServerId would do (switchover, failover, failback) and the pre-checks from fresh checks. Changes nothing.");

        groups.MapPost("/{id:int}/promote", async (int id, PromoteRequest body, FailoverCoordinator c, HttpContext http, CancellationToken ct) =>
        {
            if (body.TargetServerId is not { } target)
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["targetServerId"] = ["required"] });
            var result = await c.ExecuteAsync(id, target, body.ExpectedEpoch, http.User.ActorName(), ct);
            return result.Outcome switch
            {
                ManualOutcome.Done => Results.Ok(result),
                ManualOutcome.NotFound => Results.NotFound(),
                ManualOutcome.Conflict => Results.Problem(result.Message, statusCode: StatusCodes.Status409Conflict, title: "Nothing was done"),
                ManualOutcome.Refused => Results.Problem(result.Message, statusCode: StatusCodes.Status422UnprocessableEntity, title: "A pre-check failed"),
                _ => Results.Problem(result.Message, statusCode: StatusCodes.Status502BadGateway, title: "The promotion failed"),
            };
        }).RequireAuthorization(Policies.Operator)
            .WithSummary("The failover button: promotes targetServerId at the next epoch (expectedEpoch from the preview guards against acting on stale information).");
    }

    private static IResult ToHttp<T>(GroupResult<T> result, Func<T, IResult> ok) => result.Outcome switch
    {
        GroupOutcome.Ok => ok(result.Value!),
        GroupOutcome.NotFound => Results.NotFound(),
        GroupOutcome.Conflict => Results.Problem(result.Message, statusCode: StatusCodes.Status409Conflict),
        _ => Results.ValidationProblem(result.Errors ?? new Dictionary<string, string[]>(), result.Message),
    };
}
