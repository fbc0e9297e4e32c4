using System.Net.Http.Json;
using McpConsole.Core.Alerts;
using McpConsole.Web.Features.Alerts;
using McpConsole.Web.Features.SelfMonitoring;
using McpConsole.Web.Tests.Alerts;
using McpConsole.Web.Tests.Probing;
using Microsoft.Extensions.DependencyInjection;
using static McpConsole.Web.Tests.Probing.ConsoleOnDatabase;

namespace McpConsole.Web.Tests.SelfMonitoring;

/// <summary>Each self-check on a real console: the fault raises a console alert (subject "console") and its gauge on /metrics.</summary>
[Collection(SelfMonitoringCollection.Name)]
public sealed class SelfChecksTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task DiskSpaceBelowThreshold_RaisesConsoleAlert_NamingTheDirectory()
    {
        await using var console = await StartAsync("Sqlite", null!, SelfMonitoringCollection.FastSettings(new()
        {
            ["McpConsole:SelfMonitoring:MinFreeDiskMb"] = "10000000", // 10 TB: more than any test machine has free
        }));
        var admin = console.Admin();

        var alert = await WaitForAlertAsync(admin, AlertKinds.ConsoleDiskSpaceLow);
        Assert.Equal("console", alert.Subject);
        Assert.Contains($"data directory {console.Factory.DataDirectory}", alert.Details);
        Assert.Contains("MB free", alert.Details);
        Assert.Contains($"mcp_console_self_check_failing{{check=\"{AlertKinds.ConsoleDiskSpaceLow}\"}} 1", await admin.GetStringAsync("/metrics"));
    }

    [Fact]
    public async Task EveryChannelFailing_RaisesConsoleAlert_AndPassesOnceOneDelivers()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var console = await StartAsync("Sqlite", null!, SelfMonitoringCollection.FastSettings());
        var admin = console.Admin();
        var status = console.Factory.Services.GetRequiredService<SelfStatus>();
        var created = await admin.PostAsJsonAsync("/api/alerts/channels", new ChannelInput("ops hook", ChannelKinds.Webhook, WebhookUrl: receiver.Url));
        created.EnsureSuccessStatusCode();
        var channelId = (await created.Content.ReadFromJsonAsync<ChannelView>())!.Id;

        receiver.FailNext(1000);
        for (var i = 0; i < 3; i++)
            await admin.PostAsync($"/api/alerts/channels/{channelId}/test", null);

        var alert = await WaitForAlertAsync(admin, AlertKinds.ConsoleChannelsFailing);
        Assert.Contains("ops hook", alert.Details);
        Assert.Contains("alerts reach nobody", alert.Details);

        receiver.FailNext(0);
        (await admin.PostAsync($"/api/alerts/channels/{channelId}/test", null)).EnsureSuccessStatusCode();
        await WaitForAsync(() => Task.FromResult(!status.IsFailing(AlertKinds.ConsoleChannelsFailing)), Wait, "the channel delivering again");
    }

    internal static async Task<AlertRow> WaitForAlertAsync(HttpClient admin, string kind)
    {
        AlertRow? found = null;
        await WaitForAsync(async () =>
        {
            var alerts = await admin.GetFromJsonAsync<List<AlertRow>>("/api/alerts");
            found = alerts!.FirstOrDefault(a => a.Kind == kind);
            return found is not null;
        }, Wait, $"a {kind} alert");
        return found!;
    }

    internal sealed record AlertRow(string Kind, string Subject, string Details);
}
