using System.Net;
using System.Net.Http.Json;
using McpConsole.Web.Features.Alerts;
using McpConsole.Web.Features.Fleet;
using McpConsole.Web.Features.Probing;
using McpConsole.Web.Features.Reports;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;

namespace McpConsole.Web.Tests.Alerts;

[Collection(AlertsCollection.Name)]
public sealed class ReportMailTests(AlertsFixture f)
{
    [Fact]
    public async Task WeeklyReport_PreviewAndSendNow_MailHasSubjectRecipientsSectionsAndFigures()
    {
        await SeedFleetAsync();
        var report = await CreateReportAsync("Weekly fleet", "manager@example.com, cto@example.com");

        var preview = await f.Admin().GetStringAsync($"/api/reports/{report.Id}/preview");
        Assert.Contains("Fleet health and availability", preview);
        Assert.Contains("Costs and recommendations", preview); // every section has a data source now
        Assert.DoesNotContain("<script", preview);

        var send = await f.Admin().PostAsync($"/api/reports/{report.Id}/send", null);
        Assert.Equal(HttpStatusCode.Accepted, send.StatusCode);
        var mails = await f.Smtp.MessagesToAsync("manager@example.com", timeout: TimeSpan.FromSeconds(90));
        Assert.True(mails.Count == 1, $"expected one mail, got {mails.Count}; {await JobStateAsync(send)}");
        var mail = mails[0];

        Assert.StartsWith("[McpConsole] Weekly fleet: 2026-11-", mail.Subject);
        Assert.Equal(["manager@example.com", "cto@example.com"], mail.To);
        foreach (var title in new[] { "Fleet health and availability", "Incidents", "Failovers", "Backups", "Costs and recommendations", "Tool catalog changes" })
            Assert.Contains(title, mail.Html);
        Assert.Contains("2 servers: 1 healthy, 0 degraded, 1 down, 0 other.", mail.Html);
        Assert.Contains("alpha-api", mail.Html);
        Assert.Contains("connection refused &lt;b&gt;", mail.Html); // incident reason, encoded
        Assert.Contains("search -fetch", mail.Html); // catalog change (Razor encodes the +)
        Assert.Contains("+search -fetch", mail.Text);
        Assert.Contains("No failover groups are defined.", mail.Html);
        Assert.Contains("Total 0.0000 USD, of which idle 0.0000 USD.", mail.Html); // no resource readings on this fixture
        Assert.DoesNotContain("<script", mail.Html);
        Assert.Contains("FLEET HEALTH AND AVAILABILITY", mail.Text);
        Assert.Contains("- beta-db: Down", mail.Text);

        var history = await f.Admin().GetFromJsonAsync<List<DeliveryView>>("/api/alerts/deliveries");
        Assert.Contains(history!, d => d.Purpose == "Report" && d.ReportId == report.Id && d.Succeeded && d.Recipients == "manager@example.com, cto@example.com");
    }

    [Fact]
    public async Task SmtpDownThenUp_ReportDeliveredOnce_FailureRecorded()
    {
        var report = await CreateReportAsync("Outage report", "outage-reader@example.com");
        var runner = f.Get<ReportRunner>();
        await f.Smtp.StopAsync();
        try
        {
            await Assert.ThrowsAsync<ReportDeliveryException>(() => runner.RunAsync(report.Id, "run-outage-1", null));
        }
        finally
        {
            await f.Smtp.StartAsync();
        }

        await runner.RunAsync(report.Id, "run-outage-1", null); // Hangfire's retry of the same job
        await runner.RunAsync(report.Id, "run-outage-1", null); // a duplicate retry sends nothing

        Assert.Single(await f.Smtp.MessagesToAsync("outage-reader@example.com", atLeast: 2, timeout: TimeSpan.FromSeconds(3)));
        var history = (await f.Admin().GetFromJsonAsync<List<DeliveryView>>("/api/alerts/deliveries"))!.Where(d => d.ReportId == report.Id).ToList();
        Assert.Equal(2, history.Count);
        Assert.Contains(history, d => !d.Succeeded && d.Answer.Contains("refused", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(history, d => d.Succeeded);
    }

    [Fact]
    public async Task BadSchedule_TimeZone_OrRecipient_RefusedWithReason()
    {
        async Task<string> Refusal(object body)
        {
            var response = await f.Admin().PostAsJsonAsync("/api/reports", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }

        Assert.Contains("minute field", await Refusal(Input("r1", cron: "61 8 * * *")));
        Assert.Contains("unknown time zone", await Refusal(Input("r2", zone: "Mars/Olympus")));
        Assert.Contains("is not an e-mail address", await Refusal(Input("r3", recipients: "boss at example")));
        Assert.Contains("unknown section", await Refusal(Input("r4") with { Sections = ["Weather"] }));
    }

    /// <summary>What Hangfire and the delivery history say about a queued run (for a failure message).</summary>
    private async Task<string> JobStateAsync(HttpResponseMessage send)
    {
        var jobId = (await send.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("jobId").GetString();
        var job = f.Get<Hangfire.JobStorage>().GetMonitoringApi().JobDetails(jobId);
        var history = await f.Admin().GetStringAsync("/api/alerts/deliveries?take=5");
        return $"job {jobId}: {string.Join(" > ", job?.History.Select(h => $"{h.StateName} {h.Reason} {string.Join(",", h.Data.Select(kv => $"{kv.Key}={kv.Value}"))}") ?? ["unknown"])}; recent deliveries: {history}";
    }

    private ReportInput Input(string name, string? cron = null, string zone = "Europe/Berlin", string recipients = "a@example.com") =>
        new(name, cron is null ? "weekly" : null, cron, zone, recipients, [.. ReportSections.All.Select(s => s.ToString())], f.ChannelId);

    private async Task<ReportView> CreateReportAsync(string name, string recipients)
    {
        var response = await f.Admin().PostAsJsonAsync("/api/reports", Input(name, recipients: recipients));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ReportView>())!;
    }

    private async Task SeedFleetAsync()
    {
        var now = f.Clock.GetUtcNow();
        await using var db = await f.Get<IDbContextFactory<ConsoleDbContext>>().CreateDbContextAsync();
        if (await db.Servers.AnyAsync(s => s.Name == "alpha-api"))
            return;
        var alpha = new McpServer { Name = "alpha-api", Transport = "http", Url = "http://127.0.0.1:9/mcp", Group = "web" };
        var beta = new McpServer { Name = "beta-db", Transport = "http", Url = "http://127.0.0.1:9/mcp", Group = "data" };
        db.AddRange(alpha, beta);
        await db.SaveChangesAsync();
        db.AddRange(
            new ServerStatus { ServerId = alpha.Id, State = "Healthy", Since = now.AddDays(-1) },
            new ServerStatus { ServerId = beta.Id, State = "Down", Since = now.AddHours(-2) },
            new StateEvent { ServerId = beta.Id, At = now.AddHours(-2), FromState = "Healthy", ToState = "Down", Reason = "connection refused <b>" },
            new StateEvent { ServerId = alpha.Id, At = now.AddHours(-5), FromState = "Healthy", ToState = "Healthy", Reason = "tool catalog changed: +search -fetch" });
        await db.SaveChangesAsync();
    }
}
