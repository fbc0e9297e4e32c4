using System.Net;
using System.Net.Http.Json;
using McpConsole.Web.Features.Alerts;
using McpConsole.Web.Features.Reports;

namespace McpConsole.Web.Tests.Alerts;

/// <summary>A report fired by its Hangfire recurring job on the real clock, not by Send now.</summary>
[Collection(LiveConsoleCollection.Name)]
public sealed class ScheduledReportTests(LiveMailConsole f) : IClassFixture<LiveMailConsole>
{
    [Fact]
    public async Task EveryMinuteCron_HangfireRunsTheReport_MailArrives_HistoryRowRecorded()
    {
        var response = await f.Admin().PostAsJsonAsync("/api/reports", new ReportInput("Minutely fleet", null, "* * * * *", "Asia/Tokyo",
            "scheduled@example.com, second@example.com", [nameof(ReportSection.FleetHealth), nameof(ReportSection.Failovers), nameof(ReportSection.Backups)],
            f.ChannelId, PeriodDays: 1));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var report = (await response.Content.ReadFromJsonAsync<ReportView>())!;
        try
        {
            // The next minute boundary plus Hangfire's 1 s schedule poll; generous for a loaded machine.
            var mail = Assert.Single(await f.Smtp.MessagesToAsync("scheduled@example.com", timeout: TimeSpan.FromSeconds(150)));

            var history = await f.Admin().GetFromJsonAsync<List<DeliveryView>>("/api/alerts/deliveries");
            var delivery = Assert.Single(history!, d => d.Purpose == "Report" && d.ReportId == report.Id);
            Assert.True(delivery.Succeeded, delivery.Answer);
            Assert.Equal("scheduled@example.com, second@example.com", delivery.Recipients);
            Assert.Equal(mail.Subject, delivery.Subject);
            var tokyoDate = TimeZoneInfo.ConvertTime(delivery.At, TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo")).ToString("yyyy-MM-dd");
            Assert.Equal($"[McpConsole] Minutely fleet: {tokyoDate}", mail.Subject);
            Assert.Equal(["scheduled@example.com", "second@example.com"], mail.To);
            Assert.Contains("(Asia/Tokyo)", mail.Html);
            Assert.Contains("Fleet health and availability", mail.Html);
            Assert.Contains("0 servers: 0 healthy, 0 degraded, 0 down, 0 other.", mail.Html);
            Assert.Contains("No failover groups are defined.", mail.Text);
            Assert.Contains("No backups have been taken yet.", mail.Text);
            Assert.DoesNotContain("Incidents", mail.Html); // not a chosen section
        }
        finally
        {
            await f.Admin().DeleteAsync($"/api/reports/{report.Id}");
        }
    }
}
