using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using McpConsole.Core.Alerts;
using McpConsole.Web.Features.Alerts;

namespace McpConsole.Web.Tests.Alerts;

[Collection(AlertsCollection.Name)]
public sealed class WebhookAlertTests(AlertsFixture f)
{
    [Fact]
    public async Task Webhook_ReceivesFiringAndResolvedJson_AFailedPostIsRecordedAndRetried()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var created = await f.Admin().PostAsJsonAsync("/api/alerts/channels", new ChannelInput("ops hook", ChannelKinds.Webhook, WebhookUrl: receiver.Url));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var channelId = (await created.Content.ReadFromJsonAsync<ChannelView>())!.Id;
        try
        {
            var signals = f.Get<AlertSignals>();
            var evaluator = f.Get<AlertEvaluator>();
            await signals.RaiseAsync(AlertKinds.ServerUnauthorized, "billing-api", "hook:billing", "401 from the server", "finance");
            await signals.RaiseAsync(AlertKinds.ServerUnauthorized, "ledger", "hook:ledger", "403 from the server", "finance");
            receiver.FailNext(1);
            f.Clock.Advance(TimeSpan.FromMinutes(3));
            await evaluator.EvaluateAsync(default);

            Assert.Empty(receiver.Bodies); // the receiver answered 503
            var failed = Assert.Single(await HookDeliveriesAsync(), d => !d.Succeeded);
            Assert.Equal("[McpConsole] [FIRING:2] ServerUnauthorized", failed.Subject);
            Assert.StartsWith("HTTP 503", failed.Answer);
            Assert.Single(await f.Smtp.MessagesAsync(), m => m.Subject == "[McpConsole] [FIRING:2] ServerUnauthorized"); // mail went out meanwhile

            f.Clock.Advance(ChannelRetries.DelayAfter(1));
            await evaluator.EvaluateAsync(default);
            var firing = Assert.Single(receiver.Bodies);
            Assert.Equal("ServerUnauthorized", firing.GetProperty("kind").GetString());
            Assert.Equal("firing", firing.GetProperty("status").GetString());
            Assert.Equal("warning", firing.GetProperty("severity").GetString());
            Assert.Equal(["billing-api", "ledger"], Subjects(firing, "firing"));
            Assert.All(firing.GetProperty("firing").EnumerateArray(), a => Assert.Equal("firing", a.GetProperty("state").GetString()));
            Assert.Equal("finance", firing.GetProperty("firing")[0].GetProperty("group").GetString());
            Assert.Equal("401 from the server", firing.GetProperty("firing")[0].GetProperty("details").GetString());
            Assert.Contains(await HookDeliveriesAsync(), d => d.Succeeded && d.Subject == failed.Subject && d.Answer.StartsWith("HTTP 200", StringComparison.Ordinal));

            await signals.ResolveAsync("hook:billing");
            await signals.ResolveAsync("hook:ledger");
            await evaluator.EvaluateAsync(default);
            var resolved = receiver.Bodies.Last();
            Assert.Equal("resolved", resolved.GetProperty("status").GetString());
            Assert.Equal("[RESOLVED:2] ServerUnauthorized", resolved.GetProperty("title").GetString());
            Assert.Equal(["billing-api", "ledger"], Subjects(resolved, "resolved"));
            Assert.All(resolved.GetProperty("resolved").EnumerateArray(), a => Assert.Equal("resolved", a.GetProperty("state").GetString()));
            Assert.Empty(resolved.GetProperty("firing").EnumerateArray());
        }
        finally
        {
            await f.Admin().DeleteAsync($"/api/alerts/channels/{channelId}");
        }
    }

    [Fact]
    public async Task WebhookSendTest_PostsToTheReceiver_AndShowsItsAnswer()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var created = await f.Admin().PostAsJsonAsync("/api/alerts/channels", new ChannelInput("test hook", ChannelKinds.Webhook, WebhookUrl: receiver.Url));
        var channelId = (await created.Content.ReadFromJsonAsync<ChannelView>())!.Id;
        try
        {
            var result = await (await f.Admin().PostAsync($"/api/alerts/channels/{channelId}/test", null)).Content.ReadFromJsonAsync<SendResult>();

            Assert.True(result!.Succeeded, result.Answer);
            Assert.Equal("HTTP 200 OK: accepted", result.Answer);
            Assert.Equal("Test", Assert.Single(receiver.Bodies).GetProperty("kind").GetString());
        }
        finally
        {
            await f.Admin().DeleteAsync($"/api/alerts/channels/{channelId}");
        }
    }

    private static List<string> Subjects(JsonElement body, string list) =>
        [.. body.GetProperty(list).EnumerateArray().Select(a => a.GetProperty("subject").GetString()!)];

    private async Task<List<DeliveryView>> HookDeliveriesAsync() =>
        [.. (await f.Admin().GetFromJsonAsync<List<DeliveryView>>("/api/alerts/deliveries"))!.Where(d => d.ChannelName == "ops hook")];
}
