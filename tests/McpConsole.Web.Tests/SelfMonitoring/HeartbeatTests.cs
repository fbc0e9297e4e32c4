using McpConsole.Core.Alerts;
using McpConsole.Web.Features.SelfMonitoring;
using McpConsole.Web.Tests.Alerts;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static McpConsole.Web.Tests.Probing.ConsoleOnDatabase;

namespace McpConsole.Web.Tests.SelfMonitoring;

/// <summary>
/// The dead man's switch and the stalled-probing check together: the console posts to the heartbeat URL while healthy,
/// stops when probing stalls (the scheduler cannot read the registry), raises a console alert and its gauge, and
/// resumes both when the registry is readable again. The URL's token never reaches the log.
/// </summary>
[Collection(SelfMonitoringCollection.Name)]
public sealed class HeartbeatTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Heartbeat_SentWhileHealthy_StopsWhenProbingStalls_ResumesAfterwards()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var token = "hb-token-" + Guid.NewGuid().ToString("N");
        await using var console = await StartAsync("Sqlite", null!, SelfMonitoringCollection.FastSettings(new()
        {
            ["McpConsole:Heartbeat:Url"] = $"{receiver.Url}?token={token}",
            ["McpConsole:Heartbeat:Interval"] = "00:00:00.5",
        }));
        var admin = console.Admin();
        var status = console.Factory.Services.GetRequiredService<SelfStatus>();

        await WaitForAsync(() => Task.FromResult(receiver.Bodies.Count >= 2), Wait, "two heartbeats from a healthy console");
        Assert.Equal("healthy", receiver.Bodies.First().GetProperty("status").GetString());

        // The registry table unreadable: every scheduler cycle fails from now on, as with an unreadable key ring.
        await console.ExecuteAsync("""ALTER TABLE "Servers" RENAME TO "ServersAway";""");
        var broken = DateTimeOffset.UtcNow;
        try
        {
            await WaitForAsync(() => Task.FromResult(status.IsFailing(AlertKinds.ConsoleProbingBehind)), Wait, "probing reported stalled");
            output.WriteLine($"Stall reported {(DateTimeOffset.UtcNow - broken).TotalSeconds:0.0} s after the registry broke (StalledAfter 3 s)");
            var beatsAtStall = receiver.Bodies.Count;
            await Task.Delay(TimeSpan.FromSeconds(3)); // six heartbeat intervals
            Assert.InRange(receiver.Bodies.Count, beatsAtStall, beatsAtStall + 1); // one beat may have been on its way

            var alert = await SelfChecksTests.WaitForAlertAsync(admin, AlertKinds.ConsoleProbingBehind);
            Assert.Equal("console", alert.Subject);
            Assert.Contains("Probing has stalled", alert.Details);
            Assert.Contains($"mcp_console_self_check_failing{{check=\"{AlertKinds.ConsoleProbingBehind}\"}} 1", await admin.GetStringAsync("/metrics"));
        }
        finally
        {
            await console.ExecuteAsync("""ALTER TABLE "ServersAway" RENAME TO "Servers";""");
        }

        await WaitForAsync(() => Task.FromResult(!status.IsFailing(AlertKinds.ConsoleProbingBehind)), Wait, "probing healthy again");
        var beatsAtRecovery = receiver.Bodies.Count;
        await WaitForAsync(() => Task.FromResult(receiver.Bodies.Count >= beatsAtRecovery + 2), Wait, "heartbeats again");
        Assert.Contains($"mcp_console_self_check_failing{{check=\"{AlertKinds.ConsoleProbingBehind}\"}} 0", await admin.GetStringAsync("/metrics"));

        var logs = string.Concat(Directory.GetFiles(Path.Combine(console.Factory.DataDirectory, "logs")).Select(ReadShared));
        Assert.Contains("Heartbeat to", logs); // withheld and resumed are logged, by origin only
        Assert.DoesNotContain(token, logs);
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(stream).ReadToEnd();
    }
}
