using System.Net.Http.Json;
using McpConsole.Web.Features.Alerts;
using McpConsole.Web.Features.Reports;
using McpConsole.Web.Tests.Failover;

namespace McpConsole.Web.Tests.Alerts;

/// <summary>
/// A real failover (sample servers as child processes, the real failover job) becomes alert mail and the report's
/// failovers section; losing the last standby pages as critical and its recovery sends the resolved notice.
/// </summary>
[Collection(RealServerCollection.Name)]
public sealed class FailoverAlertTests(LiveMailConsole f) : IClassFixture<LiveMailConsole>
{
    [Fact]
    public async Task PrimaryKilled_FailoverMailNamesGroupServerAndTrigger_NoStandbyIsCritical_ReportListsTheEvents()
    {
        await using var pair = await FailoverPair.StartAsync(f.Admin(), "alert");
        var evaluator = f.Get<AlertEvaluator>();
        await evaluator.EvaluateAsync(default); // reads from the newest failover event on
        await FailoverPair.WaitForAsync(async () => (await pair.GroupAsync()).Members.All(m => m.Healthy), TimeSpan.FromSeconds(20));
        var groupName = (await pair.GroupAsync()).Name;

        await pair.Primary.KillAsync();
        var failedOver = await FailoverPair.WaitForGroupAsync(pair, g => g.State == "FailedOver");
        Assert.NotNull(await FailoverPair.WaitForAsync(async () => (await pair.EventsAsync()).Any(e => e.Kind == "Promoted"), TimeSpan.FromSeconds(10)));
        await evaluator.EvaluateAsync(default);

        // One failover: one alert, one mail (the steps of the check round together), however often the evaluator runs.
        var failoverMail = await MailAsync(m => m.Subject.Contains("] Failover", StringComparison.Ordinal));
        await evaluator.EvaluateAsync(default);
        Assert.Equal("[McpConsole] [FIRING:1] Failover", failoverMail.Subject);
        Assert.Single(await f.Smtp.MessagesAsync(), m => m.Subject.Contains("] Failover", StringComparison.Ordinal) && !m.Subject.Contains("NoHealthyStandby", StringComparison.Ordinal));
        Assert.Contains($"- {failedOver.Active!.Name} [{groupName}]", failoverMail.Text);
        Assert.Contains("Detected: primary down after 3 failed checks; Promoted: promoted to primary at epoch 1", failoverMail.Text);
        Assert.Contains("(trigger: automatic, epoch 1)", failoverMail.Text);
        Assert.DoesNotContain(await f.Get<AlertsAdmin>().ActiveAsync(default), a => a.Kind == "Failover");

        // Now the standby (the new primary) dies too: nothing left to promote.
        await pair.Standby.KillAsync();
        await FailoverPair.WaitForGroupAsync(pair, g => g.State == "DegradedNoStandby");
        await evaluator.EvaluateAsync(default);
        var critical = await MailAsync(m => m.Subject.Contains("FailoverNoHealthyStandby", StringComparison.Ordinal));
        Assert.Equal("[McpConsole] [FIRING:1] CRITICAL FailoverNoHealthyStandby", critical.Subject);
        Assert.Contains("no standby is healthy: nothing promoted", critical.Text);

        await pair.Standby.RestartAsync("primary");
        await FailoverPair.WaitForGroupAsync(pair, g => g.State == "FailedOver");
        await evaluator.EvaluateAsync(default);
        await MailAsync(m => m.Subject == "[McpConsole] [RESOLVED:1] FailoverNoHealthyStandby");

        var report = await f.Admin().PostAsJsonAsync("/api/reports", new ReportInput("Failover week", "weekly", null, "UTC", "boss@example.com",
            [nameof(ReportSection.Failovers)], f.ChannelId));
        var reportId = (await report.Content.ReadFromJsonAsync<ReportView>())!.Id;
        var text = await f.Admin().GetStringAsync($"/api/reports/{reportId}/preview?format=text");
        Assert.Contains($"{groupName}: state FailedOver, serving now {failedOver.Active.Name};", text);
        Assert.Contains("Promoted", text);
        Assert.Contains("NoHealthyStandby (critical)", text);
        Assert.Contains("(triggered by automatic)", text);
        Assert.DoesNotContain("Suspect", text);
        Assert.DoesNotContain("No data source yet", text);
    }

    private async Task<McpConsole.TestSupport.ReceivedMail> MailAsync(Func<McpConsole.TestSupport.ReceivedMail, bool> match)
    {
        for (var i = 0; i < 120; i++)
        {
            if ((await f.Smtp.MessagesAsync()).FirstOrDefault(match) is { } mail)
                return mail;
            await Task.Delay(250);
        }

        throw new TimeoutException("no such mail in 30 s; got: " + string.Join(" | ", (await f.Smtp.MessagesAsync()).Select(m => m.Subject)));
    }
}
