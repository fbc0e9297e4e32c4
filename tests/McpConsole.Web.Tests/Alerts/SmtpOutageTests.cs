using System.Net.Http.Json;
using McpConsole.Core.Alerts;
using McpConsole.TestSupport;
using McpConsole.Web.Features.Alerts;
using Xunit.Abstractions;

namespace McpConsole.Web.Tests.Alerts;

/// <summary>
/// The only mail channel's SMTP server is down for an hour (fake clock, real smtp4dev killed and restarted on its port).
/// A console and mail server of its own: the mails sent after the outage would otherwise land in other tests' inboxes.
/// </summary>
public sealed class SmtpOutageTests(AlertsFixture f, ITestOutputHelper output) : IClassFixture<AlertsFixture>
{
    [Fact]
    public async Task SmtpDownForAnHour_EveryAlertMailArrivesOnceAfterwards_IncludingAnAlertThatResolvedMeanwhile()
    {
        var signals = f.Get<AlertSignals>();
        var evaluator = f.Get<AlertEvaluator>();
        var tag = "outage-" + Guid.NewGuid().ToString("N")[..6];
        string Name(string what) => $"{tag}-{what}";

        await f.Smtp.StopAsync();
        try
        {
            await signals.RaiseAsync(AlertKinds.ServerDown, Name("web1"), $"test:{tag}:web1", "connection refused", tag);
            await signals.RaiseAsync(AlertKinds.ServerDown, Name("web2"), $"test:{tag}:web2", "connection refused", tag);
            await signals.RaiseAsync(AlertKinds.ServerDegraded, Name("api"), $"test:{tag}:api", "not ready", tag);
            await signals.RaiseAsync(AlertKinds.ServerDown, Name("db"), $"test:{tag}:db", "stopped", tag);
            await signals.RaiseAsync(AlertKinds.BackupFailed, Name("backup"), $"test:{tag}:backup", "disk full", tag);

            // An hour of evaluator ticks against a refused SMTP port; the db server comes back after 30 minutes.
            for (var tick = 1; tick <= 240; tick++)
            {
                f.Clock.Advance(AlertEvaluator.Tick);
                if (tick == 120)
                    await signals.ResolveAsync($"test:{tag}:db");
                await evaluator.EvaluateAsync(default);
            }
        }
        finally
        {
            await f.Smtp.StartAsync(); // same port
        }

        for (var tick = 0; tick < 20; tick++)
        {
            f.Clock.Advance(AlertEvaluator.Tick);
            await evaluator.EvaluateAsync(default);
        }

        var mails = (await f.Smtp.MessagesAsync()).Where(m => m.Text.Contains(tag, StringComparison.Ordinal)).ToList();
        output.WriteLine(string.Join("\n", mails.Select(m => $"{m.Subject}: {string.Join(" | ", m.Text.Split('\n').Where(l => l.Contains(tag, StringComparison.Ordinal)).Select(l => l.Trim()))}")));
        Assert.All(new[] { "web1", "web2", "api", "db", "backup" }, what =>
            Assert.Single(mails, m => m.Text.Contains(Name(what), StringComparison.Ordinal)));
        Assert.Equal(3, mails.Count); // one per kind: ServerDown (web1, web2, and db resolved), ServerDegraded, BackupFailed
        var down = Assert.Single(mails, m => m.Subject.Contains("ServerDown", StringComparison.Ordinal));
        Assert.Contains($"- {Name("db")} [{tag}]: resolved", down.Text);

        // The notices are marked sent: the recovery of the others is one resolved mail each, and nothing arrives twice.
        await signals.ResolveAsync([$"test:{tag}:web1", $"test:{tag}:web2", $"test:{tag}:api"]);
        for (var tick = 0; tick < 4; tick++)
        {
            f.Clock.Advance(AlertEvaluator.Tick);
            await evaluator.EvaluateAsync(default);
        }

        var after = (await f.Smtp.MessagesAsync()).Where(m => m.Text.Contains(tag, StringComparison.Ordinal)).ToList();
        Assert.Equal(5, after.Count);
        Assert.All(new[] { "web1", "web2", "api" }, what =>
            Assert.Single(after, m => m.Text.Contains($"- {Name(what)} [{tag}]: resolved", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task SmtpDownForAnHour_WebhookFine_MailCopiesArriveOnceAfterwards_FiringBeforeResolved()
    {
        var signals = f.Get<AlertSignals>();
        var evaluator = f.Get<AlertEvaluator>();
        var tag = "partial-" + Guid.NewGuid().ToString("N")[..6];
        await using var receiver = await WebhookReceiver.StartAsync();
        var created = await f.Admin().PostAsJsonAsync("/api/alerts/channels", new ChannelInput(tag + " hook", ChannelKinds.Webhook, WebhookUrl: receiver.Url));
        var hookId = (await created.Content.ReadFromJsonAsync<ChannelView>())!.Id;
        try
        {
            await f.Smtp.StopAsync();
            try
            {
                await signals.RaiseAsync(AlertKinds.ServerDown, tag + "-web", $"test:{tag}:web", "connection refused", tag);
                // The firing notice goes out after 2.5 min (webhook only), the resolved one at 30 min; SMTP is back at 60 min.
                for (var tick = 1; tick <= 240; tick++)
                {
                    f.Clock.Advance(AlertEvaluator.Tick);
                    if (tick == 120)
                        await signals.ResolveAsync($"test:{tag}:web");
                    await evaluator.EvaluateAsync(default);
                }
            }
            finally
            {
                await f.Smtp.StartAsync();
            }

            // Both mail copies are retried with back-off; within 10 minutes of SMTP's return both have arrived.
            for (var tick = 0; tick < 40; tick++)
            {
                f.Clock.Advance(AlertEvaluator.Tick);
                await evaluator.EvaluateAsync(default);
            }

            var mails = (await f.Smtp.MessagesAsync()).Where(m => m.Text.Contains(tag, StringComparison.Ordinal)).ToList();
            output.WriteLine(string.Join("\n", mails.Select(m => $"{m.ReceivedAt:HH:mm:ss.fff} {m.Subject}")));
            Assert.Equal(2, mails.Count);
            Assert.Contains("FIRING", mails[0].Subject);
            Assert.Contains("RESOLVED", mails[1].Subject);
            Assert.Equal(2, receiver.Bodies.Count(b => b.ToString().Contains(tag, StringComparison.Ordinal)));
        }
        finally
        {
            await f.Admin().DeleteAsync($"/api/alerts/channels/{hookId}");
        }
    }
}
