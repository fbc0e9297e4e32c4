using System.Net;
using System.Net.Http.Json;
using Hangfire;
using McpConsole.Web.Features.Alerts;
using McpConsole.Web.Features.Reports;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;

namespace McpConsole.Web.Tests.Alerts;

[Collection(AlertsCollection.Name)]
public sealed class AlertAdminTests(AlertsFixture f)
{
    [Fact]
    public async Task DeliveryRetention_RemovesOnlyAttemptsOlderThan90Days_SecondRunRemovesNothing_JobIsScheduled()
    {
        var now = f.Clock.GetUtcNow();
        await using (var db = await f.Get<IDbContextFactory<ConsoleDbContext>>().CreateDbContextAsync())
        {
            foreach (var age in new[] { 200, 120, 91 })
                db.Add(Delivery(now.AddDays(-age), $"old {age} d"));
            db.Add(Delivery(now.AddDays(-89), "kept 89 d"));
            await db.SaveChangesAsync();
        }

        var retention = f.Get<DeliveryRetention>();
        Assert.Equal(3, await retention.ApplyAsync(default));
        Assert.Equal(0, await retention.ApplyAsync(default));

        var history = await AllDeliveriesAsync();
        Assert.Contains(history, d => d.Subject == "kept 89 d");
        Assert.DoesNotContain(history, d => d.Subject.StartsWith("old ", StringComparison.Ordinal));
        using var connection = f.Get<JobStorage>().GetConnection();
        Assert.Contains(Hangfire.Storage.StorageConnectionExtensions.GetRecurringJobs(connection), j => j.Id == DeliveryRetention.JobId && j.Cron == DeliveryRetention.Cron);
    }

    [Fact]
    public async Task DeliveryHistory_PagesNewestFirst()
    {
        await using (var db = await f.Get<IDbContextFactory<ConsoleDbContext>>().CreateDbContextAsync())
        {
            for (var i = 0; i < 5; i++)
                db.Add(Delivery(f.Clock.GetUtcNow(), $"page test {i}"));
            await db.SaveChangesAsync();
        }

        var first = await f.Admin().GetFromJsonAsync<List<DeliveryView>>("/api/alerts/deliveries?take=2");
        var second = await f.Admin().GetFromJsonAsync<List<DeliveryView>>("/api/alerts/deliveries?take=2&skip=2");

        Assert.Equal(["page test 4", "page test 3"], first!.Select(d => d.Subject));
        Assert.Equal(["page test 2", "page test 1"], second!.Select(d => d.Subject));
        var (rows, total) = await f.Get<DeliveryLog>().PageAsync(2, 2, default);
        Assert.Equal(second!.Select(d => d.Id), rows.Select(d => d.Id));
        Assert.True(total >= 5);
    }

    [Fact]
    public async Task EditReportRuleAndChannel_Audited_ChannelUsedByAReportCannotBeDeleted()
    {
        var created = await f.Admin().PostAsJsonAsync("/api/reports", new ReportInput("Edited report", "weekly", null, "UTC", "a@example.com",
            [nameof(ReportSection.Incidents)], f.ChannelId));
        var report = (await created.Content.ReadFromJsonAsync<ReportView>())!;

        var put = await f.Admin().PutAsJsonAsync($"/api/reports/{report.Id}", new ReportInput("Edited report", null, "30 6 * * 1-5", "Europe/Berlin",
            "b@example.com, c@example.com", [nameof(ReportSection.Incidents), nameof(ReportSection.Failovers)], f.ChannelId, PeriodDays: 1, Enabled: false));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var listed = Assert.Single((await f.Admin().GetFromJsonAsync<List<ReportView>>("/api/reports"))!, r => r.Id == report.Id);
        Assert.Equal(("30 6 * * 1-5", "Europe/Berlin", "b@example.com, c@example.com", 1, false), (listed.Cron, listed.TimeZone, listed.Recipients, listed.PeriodDays, listed.Enabled));
        Assert.Equal(["Incidents", "Failovers"], listed.Sections);
        using (var connection = f.Get<JobStorage>().GetConnection())
            Assert.DoesNotContain(Hangfire.Storage.StorageConnectionExtensions.GetRecurringJobs(connection), j => j.Id == ReportCatalog.JobId(report.Id)); // paused

        var rule = await f.Admin().PutAsJsonAsync("/api/alerts/rules/ServerDegraded", new RuleView("ServerDegraded", true, 900));
        Assert.Equal(HttpStatusCode.OK, rule.StatusCode);
        Assert.Contains((await f.Admin().GetFromJsonAsync<List<RuleView>>("/api/alerts/rules"))!, r => r is { Kind: "ServerDegraded", ForSeconds: 900 });
        await f.Admin().PutAsJsonAsync("/api/alerts/rules/ServerDegraded", new RuleView("ServerDegraded", true, 600));

        var refused = await f.Admin().DeleteAsync($"/api/alerts/channels/{f.ChannelId}");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("'Edited report'", await refused.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.NoContent, (await f.Admin().DeleteAsync($"/api/reports/{report.Id}")).StatusCode);
        Assert.Contains("Edited report", await f.Admin().GetStringAsync("/api/audit?action=reports.update&take=50"));
        Assert.Contains("Edited report", await f.Admin().GetStringAsync("/api/audit?action=reports.delete&take=50"));
        Assert.Contains("ServerDegraded", await f.Admin().GetStringAsync("/api/audit?action=alerts.rule.update&take=50"));
    }

    private static Delivery Delivery(DateTimeOffset at, string subject) => new()
    {
        At = at, Purpose = "Test", RunKey = Guid.NewGuid().ToString("N"), ChannelName = "seeded", Subject = subject, Recipients = "x@example.com",
        Succeeded = true, Answer = "250 OK",
    };

    private async Task<List<DeliveryView>> AllDeliveriesAsync() =>
        (await f.Admin().GetFromJsonAsync<List<DeliveryView>>("/api/alerts/deliveries?take=500"))!;
}
