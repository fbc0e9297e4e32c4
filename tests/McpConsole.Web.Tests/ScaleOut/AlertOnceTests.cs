using System.Net;
using System.Net.Http.Json;
using McpConsole.Core.Alerts;
using McpConsole.TestSupport;
using McpConsole.Web.Features.Alerts;
using McpConsole.Web.Tests.Alerts;
using Microsoft.Extensions.DependencyInjection;

namespace McpConsole.Web.Tests.ScaleOut;

/// <summary>
/// Two instances on one PostgreSQL database both run the alert evaluator; an alert is still sent once, even when both
/// evaluate at the same moment (one evaluates at a time, cluster-wide).
/// </summary>
public sealed class AlertOnceTests(ScaleOutCluster cluster) : IClassFixture<ScaleOutCluster>
{
    private const int Alerts = 5;

    [Fact]
    public async Task TwoInstancesEvaluatingAtTheSameMoment_SendEachAlertOnce()
    {
        var database = await cluster.CreateDatabaseAsync();
        await using var a = Instance(database, "instance-a");
        await using var b = Instance(database, "instance-b");
        var apiA = ScaleOutCluster.Api(a);
        Assert.Equal(HttpStatusCode.OK, (await apiA.GetAsync("/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ScaleOutCluster.Api(b).GetAsync("/ready")).StatusCode);

        await using var receiver = await WebhookReceiver.StartAsync();
        var created = await apiA.PostAsJsonAsync("/api/alerts/channels", new ChannelInput("ops hook", ChannelKinds.Webhook, WebhookUrl: receiver.Url));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var signals = a.Services.GetRequiredService<AlertSignals>();
        var (evaluatorA, evaluatorB) = (a.Services.GetRequiredService<AlertEvaluator>(), b.Services.GetRequiredService<AlertEvaluator>());
        for (var i = 0; i < Alerts; i++)
        {
            await signals.RaiseAsync(AlertKinds.BackupFailed, $"plan-{i}", $"scaleout-once:{i}", "the backup failed");
            await Task.WhenAll(evaluatorA.EvaluateAsync(default), evaluatorB.EvaluateAsync(default));
        }

        await evaluatorA.EvaluateAsync(default);
        await evaluatorB.EvaluateAsync(default);
        await Task.Delay(TimeSpan.FromSeconds(2)); // a background tick that was mid-send has delivered
        var subjects = receiver.Bodies.SelectMany(body => body.GetProperty("firing").EnumerateArray()).Select(alert => alert.GetProperty("subject").GetString())
            .Where(s => s?.StartsWith("plan-", StringComparison.Ordinal) == true).ToList();
        Assert.All(Enumerable.Range(0, Alerts), i => Assert.Single(subjects, s => s == $"plan-{i}"));
        Assert.Equal(Alerts, subjects.Count);
    }

    private static ConsoleAppFactory Instance(string database, string name) => new()
    {
        Settings = new Dictionary<string, string>(ScaleOutCluster.Settings(database, name, probing: false))
        {
            ["McpConsole:Failover:Enabled"] = "false",
            ["McpConsole:Alerts:GroupWaitSeconds"] = "0",
        },
    };
}
