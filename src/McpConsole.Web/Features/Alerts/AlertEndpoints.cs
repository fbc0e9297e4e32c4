using McpConsole.Web.Features.Accounts;
using McpConsole.Web.Features.Reports;

namespace McpConsole.Web.Features.Alerts;

/// <summary>/api/alerts (current alerts, rules, channels, silences, deliveries) and /api/reports.</summary>
public static class AlertEndpoints
{
    public static void MapAlertEndpoints(this WebApplication app)
    {
        var api = app.MapGroup("/api/alerts").WithTags("Alerts").RequireAuthorization(Policies.Viewer);
        api.MapGet("/", (AlertsAdmin a, CancellationToken ct) => a.ActiveAsync(ct)).WithSummary("Alerts firing now (and resolved ones whose notice is still owed).");
        api.MapGet("/rules", (AlertsAdmin a, CancellationToken ct) => a.RulesAsync(ct));
        api.MapPut("/rules/{kind}", async (string kind, RuleView body, AlertsAdmin a, HttpContext http, CancellationToken ct) =>
            ToResult(await a.SaveRuleAsync(body with { Kind = kind }, http.User.ActorName(), ct))).RequireAuthorization(Policies.Operator);

        api.MapGet("/channels", (AlertsAdmin a, CancellationToken ct) => a.ChannelsAsync(ct));
        api.MapPost("/channels", async (ChannelInput body, AlertsAdmin a, HttpContext http, CancellationToken ct) =>
            ToResult(await a.SaveChannelAsync(null, body, http.User.ActorName(), ct), created: v => $"/api/alerts/channels/{v.Id}"))
            .RequireAuthorization(Policies.Admin).WithSummary("Adds an e-mail (SMTP) or webhook channel; the password is stored encrypted and never returned.");
        api.MapPut("/channels/{id:int}", async (int id, ChannelInput body, AlertsAdmin a, HttpContext http, CancellationToken ct) =>
            ToResult(await a.SaveChannelAsync(id, body, http.User.ActorName(), ct))).RequireAuthorization(Policies.Admin);
        api.MapDelete("/channels/{id:int}", async (int id, AlertsAdmin a, HttpContext http, CancellationToken ct) =>
        {
            var change = await a.DeleteChannelAsync(id, http.User.ActorName(), ct);
            return change.Error is null ? Results.NoContent() : ToResult(change);
        }).RequireAuthorization(Policies.Admin).WithSummary("Removes a channel (refused while a report is sent through it).");
        api.MapPost("/channels/{id:int}/test", async (int id, AlertsAdmin a, HttpContext http, CancellationToken ct) =>
            await a.TestChannelAsync(id, http.User.ActorName(), ct) is { } r ? Results.Ok(r) : Results.NotFound())
            .RequireAuthorization(Policies.Operator).WithSummary("Sends a test message; the answer is the SMTP server's (or webhook's) reply.");

        api.MapGet("/silences", (AlertsAdmin a, CancellationToken ct) => a.SilencesAsync(ct));
        api.MapPost("/silences", async (SilenceInput body, AlertsAdmin a, HttpContext http, CancellationToken ct) =>
            ToResult(await a.AddSilenceAsync(body, http.User.ActorName(), ct), created: v => $"/api/alerts/silences/{v.Id}"))
            .RequireAuthorization(Policies.Operator).WithSummary("A maintenance window for a server, a group or everything, with an expiry.");
        api.MapDelete("/silences/{id:int}", async (int id, AlertsAdmin a, HttpContext http, CancellationToken ct) =>
            await a.EndSilenceAsync(id, http.User.ActorName(), ct) ? Results.NoContent() : Results.NotFound()).RequireAuthorization(Policies.Operator);

        api.MapGet("/deliveries", async (int? take, int? skip, DeliveryLog log, CancellationToken ct) =>
            (await log.RecentAsync(take ?? 100, ct, skip ?? 0)).Select(DeliveryView.From))
            .WithSummary("Delivery history, newest first, with the server's answer (take at most 500, skip to page; kept 90 days by default).");

        var reports = app.MapGroup("/api/reports").WithTags("Reports").RequireAuthorization(Policies.Viewer);
        reports.MapGet("/", (ReportCatalog r, CancellationToken ct) => r.ListAsync(ct));
        reports.MapPost("/", async (ReportInput body, ReportCatalog r, HttpContext http, CancellationToken ct) =>
            ToResult(await r.SaveAsync(null, body, http.User.ActorName(), ct), created: v => $"/api/reports/{v.Id}")).RequireAuthorization(Policies.Operator);
        reports.MapPut("/{id:int}", async (int id, ReportInput body, ReportCatalog r, HttpContext http, CancellationToken ct) =>
            ToResult(await r.SaveAsync(id, body, http.User.ActorName(), ct))).RequireAuthorization(Policies.Operator);
        reports.MapDelete("/{id:int}", async (int id, ReportCatalog r, HttpContext http, CancellationToken ct) =>
            await r.DeleteAsync(id, http.User.ActorName(), ct) ? Results.NoContent() : Results.NotFound()).RequireAuthorization(Policies.Operator);
        reports.MapGet("/{id:int}/preview", async (int id, string? format, ReportRunner runner, CancellationToken ct) =>
            await runner.PreviewAsync(id, ct) is not { } m ? Results.NotFound()
            : format == "text" ? Results.Text(m.Text, "text/plain; charset=utf-8") : Results.Content(m.Html, "text/html; charset=utf-8"))
            .WithSummary("The report as it would be mailed now (HTML, or ?format=text for the plain-text part).");
        reports.MapPost("/{id:int}/send", async (int id, ReportCatalog r, HttpContext http, CancellationToken ct) =>
            await r.SendNowAsync(id, http.User.ActorName(), ct) is { } job ? Results.Accepted(value: new { jobId = job }) : Results.NotFound())
            .RequireAuthorization(Policies.Operator).WithSummary("Queues a run now; an SMTP outage delays it (retries), it is never lost.");
    }

    private static IResult ToResult<T>(Change<T> change, Func<T, string>? created = null) =>
        change.NotFound ? Results.NotFound()
        : change.Error is not null ? Results.Problem(change.Error, statusCode: 400, title: "Refused; nothing was changed")
        : created is not null ? Results.Created(created(change.Value!), change.Value) : Results.Ok(change.Value);
}
