using McpConsole.Web.Features.Accounts;

namespace McpConsole.Web.Features.Audit;

public static class AuditEndpoints
{
    public static void MapAuditEndpoints(this WebApplication app)
    {
        app.MapGet("/api/audit", async (AuditLog audit, string? actor, string? action, string? text, DateTimeOffset? from, DateTimeOffset? to, bool? failuresOnly, int? skip, int? take) =>
            await audit.QueryAsync(new AuditQuery(actor, action, text, from, to, failuresOnly ?? false, skip ?? 0, take ?? 50)))
            .WithTags("Audit").WithSummary("The audit trail, newest first, filtered.")
            .RequireAuthorization(Policies.Operator);
    }
}
