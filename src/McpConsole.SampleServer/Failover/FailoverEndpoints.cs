using McpConsole.SampleServer.Hosting;

namespace McpConsole.SampleServer.Failover;

/// <summary>POST /promote, POST /demote ({"role","epoch"}), GET /role.</summary>
public static class FailoverEndpoints
{
    public sealed record RoleRequest(string? Role, long? Epoch);

    public static WebApplication MapSampleFailover(this WebApplication app)
    {
        app.MapGet("/role", (FailoverState s) => Results.Json(Body(s.Role, s.Epoch, s.IsReady)));
        app.MapPost("/promote", (RoleRequest? body, FailoverState s, ILogger<FailoverState> log) => Change(body, ServerRole.Primary, s, log));
        app.MapPost("/demote", (RoleRequest? body, FailoverState s, ILogger<FailoverState> log) => Change(body, ServerRole.Standby, s, log));
        return app;
    }

    private static IResult Change(RoleRequest? body, ServerRole target, FailoverState state, ILogger log)
    {
        if (body?.Epoch is not { } epoch || epoch < 1)
            return Results.Json(new { error = "body must carry a positive integer epoch" }, statusCode: 400);
        if (body.Role is { } role && !role.Equals(Name(target), StringComparison.OrdinalIgnoreCase))
            return Results.Json(new { error = $"role must be '{Name(target)}' on this endpoint" }, statusCode: 400);
        var result = state.TryChange(target, epoch);
        if (!result.Accepted)
        {
            log.LogWarning("Refused {Target} at epoch {Epoch}: current epoch {Current}", target, epoch, result.Epoch);
            return Results.Json(new { error = "stale epoch", role = Name(result.Role), epoch = result.Epoch }, statusCode: 409);
        }
        log.LogInformation("Role {Role} at epoch {Epoch}", result.Role, result.Epoch);
        return Results.Json(Body(result.Role, result.Epoch, state.IsReady));
    }

    private static object Body(ServerRole role, long epoch, bool ready) => new { role = Name(role), epoch, ready };

    public static string Name(ServerRole role) => role == ServerRole.Primary ? "primary" : "standby";
}
