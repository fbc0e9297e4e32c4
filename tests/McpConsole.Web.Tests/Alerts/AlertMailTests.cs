using System.Net;
using System.Net.Http.Json;
using McpConsole.Core.Alerts;
using McpConsole.TestSupport;
using McpConsole.Core.Health;
using McpConsole.Web.Features.Alerts;
using McpConsole.Web.Features.Backups.Plans;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;
using McpConsole.Web.Features.Probing;

namespace McpConsole.Web.Tests.Alerts;

[Collection(AlertsCollection.Name)]
public sealed class AlertMailTests(AlertsFixture f)
{
    [Fact]
    public async Task SendTest_ReachesTheSmtpServer_AnswerRecorded_PasswordNeverReturned()
    {
        var channels = await f.Admin().GetStringAsync("/api/alerts/channels");
        Assert.DoesNotContain("s3cret-smtp-pass", channels);
        Assert.Contains("\"hasPassword\":true", channels);

        var result = await (await f.Admin().PostAsync($"/api/alerts/channels/{f.ChannelId}/test", null)).Content.ReadFromJsonAsync<SendResult>();

        Assert.True(result!.Succeeded, result.Answer);
        var mail = Assert.Single(await f.Smtp.MessagesAsync(), m => m.Subject == "[McpConsole] Test of channel ops mail");
        Assert.Equal(["oncall@example.com"], mail.To);
        Assert.Contains("the channel works", mail.Text);
        var history = await f.Admin().GetFromJsonAsync<List<DeliveryView>>("/api/alerts/deliveries");
        Assert.Contains(history!, d => d.Purpose == "Test" && d.Succeeded && d.Answer.Length > 0);
    }

    [Fact]
    public async Task TenServersDownTogether_OneMail_RepeatAfterFourHours_ResolvedNotice_SilenceEnded()
    {
        var signals = f.Get<AlertSignals>();
        var evaluator = f.Get<AlertEvaluator>();
        var silence = await f.Admin().PostAsJsonAsync("/api/alerts/silences",
            new SilenceInput("Group", "maintenance", null, null, f.Clock.GetUtcNow().AddHours(12), "db upgrade"));
        Assert.Equal(HttpStatusCode.Created, silence.StatusCode);
        var silenceId = (await silence.Content.ReadFromJsonAsync<SilenceView>())!.Id;

        for (var i = 0; i < 10; i++)
            await signals.RaiseAsync(AlertKinds.ServerDown, $"web-{i:00}", $"test:web-{i}", "connection refused <script>", "web");
        await signals.RaiseAsync(AlertKinds.ServerDown, "db-1", "test:db-1", "stopped", "maintenance");
        f.Clock.Advance(TimeSpan.FromMinutes(1));
        await evaluator.EvaluateAsync(default);
        Assert.Empty(await DownMailsAsync()); // 1 min < the 2 min rule

        f.Clock.Advance(TimeSpan.FromMinutes(2));
        await evaluator.EvaluateAsync(default);
        var first = Assert.Single(await DownMailsAsync());
        Assert.Equal("[McpConsole] [FIRING:10] ServerDown", first.Subject);
        Assert.Equal(["oncall@example.com"], first.To);
        Assert.All(Enumerable.Range(0, 10), i => Assert.Contains($"web-{i:00}", first.Html));
        Assert.DoesNotContain("db-1", first.Text); // its group is silenced
        Assert.DoesNotContain("<script>", first.Html);
        Assert.Contains("&lt;script&gt;", first.Html);

        f.Clock.Advance(TimeSpan.FromHours(4) - TimeSpan.FromMinutes(1));
        await evaluator.EvaluateAsync(default);
        Assert.Single(await DownMailsAsync()); // still down, repeat not yet due
        f.Clock.Advance(TimeSpan.FromMinutes(1));
        await evaluator.EvaluateAsync(default);
        Assert.Equal("[McpConsole] [FIRING:10] ServerDown", (await DownMailsAsync())[^1].Subject);

        await signals.ResolveAsync("test:web-0");
        await evaluator.EvaluateAsync(default);
        var resolved = (await DownMailsAsync())[^1];
        Assert.Equal("[McpConsole] [FIRING:9] ServerDown (1 resolved)", resolved.Subject);
        Assert.Contains("Resolved (1)", resolved.Text);
        Assert.Contains("- web-00 [web]: resolved", resolved.Text);

        Assert.Equal(HttpStatusCode.NoContent, (await f.Admin().DeleteAsync($"/api/alerts/silences/{silenceId}")).StatusCode);
        await evaluator.EvaluateAsync(default);
        var afterSilence = (await DownMailsAsync())[^1];
        Assert.Equal("[McpConsole] [FIRING:10] ServerDown", afterSilence.Subject);
        Assert.Contains("db-1", afterSilence.Text);
        Assert.Equal(4, (await DownMailsAsync()).Count);

        for (var i = 1; i < 10; i++)
            await signals.ResolveAsync($"test:web-{i}");
        await signals.ResolveAsync("test:db-1");
        await evaluator.EvaluateAsync(default);
        Assert.Equal("[McpConsole] [RESOLVED:10] ServerDown", (await DownMailsAsync())[^1].Subject);
        Assert.Empty(await f.Get<AlertsAdmin>().ActiveAsync(default));
    }

    [Fact]
    public async Task ProbeTransitionToDown_RaisesServerDownAlert_RecoveryResolvesIt()
    {
        var notifier = f.Get<FleetNotifier>();
        var at = f.Clock.GetUtcNow();
        notifier.Publish(new ServerStatusChanged(4242, "payments", HealthState.Down, "exit code 1", at, 0, false,
            new StateTransition(HealthState.Healthy, HealthState.Down, "exit code 1", at), null, null, null, false));
        var alert = await WaitForAsync(async () => (await f.Get<AlertsAdmin>().ActiveAsync(default)).FirstOrDefault(a => a.Key == "server:4242:ServerDown"));
        Assert.Equal("payments", alert.Subject);
        Assert.Equal(at, alert.Since);

        notifier.Publish(new ServerStatusChanged(4242, "payments", HealthState.Healthy, "ok", at.AddMinutes(1), 5, true,
            new StateTransition(HealthState.Down, HealthState.Healthy, "ok", at.AddMinutes(1)), null, null, null, false));
        var resolved = await WaitForAsync(async () => (await f.Get<AlertsAdmin>().ActiveAsync(default)).FirstOrDefault(a => a.Key == "server:4242:ServerDown" && a.ResolvedAt is not null));
        Assert.NotNull(resolved.ResolvedAt);
    }

    [Fact]
    public async Task FailedBackupRecordedByBackups_MailsOneBackupFailedNotice()
    {
        var evaluator = f.Get<AlertEvaluator>();
        await evaluator.EvaluateAsync(default); // starts reading after the newest existing backup event
        await using (var db = await f.Get<IDbContextFactory<ConsoleDbContext>>().CreateDbContextAsync())
        {
            db.Add(new BackupEvent { Kind = "BackupFailed", PlanId = 7, SourceKey = "console-db", Message = "disk full", Timestamp = f.Clock.GetUtcNow() });
            await db.SaveChangesAsync();
        }

        await evaluator.EvaluateAsync(default);
        f.Clock.Advance(TimeSpan.FromMinutes(1));
        await evaluator.EvaluateAsync(default);

        var mail = Assert.Single(await f.Smtp.MessagesAsync(), m => m.Subject == "[McpConsole] [FIRING:1] BackupFailed");
        Assert.Contains("console-db", mail.Text);
        Assert.Contains("BackupFailed: disk full", mail.Text);
        Assert.DoesNotContain(await f.Get<AlertsAdmin>().ActiveAsync(default), a => a.Kind == AlertKinds.BackupFailed); // one-shot
    }

    [Fact]
    public async Task BadChannelAndSilence_AreRefusedWithAClearReason()
    {
        var channel = await f.Admin().PostAsJsonAsync("/api/alerts/channels", new ChannelInput("x", ChannelKinds.Email, Host: "h", From: "not-an-address"));
        Assert.Equal(HttpStatusCode.BadRequest, channel.StatusCode);
        Assert.Contains("must be an e-mail address", await channel.Content.ReadAsStringAsync());
        var silence = await f.Admin().PostAsJsonAsync("/api/alerts/silences", new SilenceInput("Server", "", null, null, f.Clock.GetUtcNow().AddHours(1), null));
        Assert.Equal(HttpStatusCode.BadRequest, silence.StatusCode);
        Assert.Contains("needs the server or group name", await silence.Content.ReadAsStringAsync());
    }

    private async Task<List<ReceivedMail>> DownMailsAsync() =>
        [.. (await f.Smtp.MessagesAsync()).Where(m => m.Subject.EndsWith("ServerDown", StringComparison.Ordinal) || m.Subject.Contains("ServerDown (", StringComparison.Ordinal))];

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe) where T : class
    {
        for (var i = 0; i < 100; i++)
        {
            if (await probe() is { } value)
                return value;
            await Task.Delay(50);
        }

        throw new TimeoutException("condition not met in 5 s");
    }
}
