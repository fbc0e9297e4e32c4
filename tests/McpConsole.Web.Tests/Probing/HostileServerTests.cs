using System.Net;
using System.Net.Http.Json;
using McpConsole.TestSupport;
using McpConsole.Web.Features.Probing;
using McpConsole.Web.Tests.ScaleOut;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static McpConsole.Web.Tests.Fleet.FleetApi;
using static McpConsole.Web.Tests.Probing.ConsoleOnDatabase;

namespace McpConsole.Web.Tests.Probing;

/// <summary>
/// Servers that answer with hostile bytes (a health status cut inside an emoji, a huge tool list, a huge health
/// report) on SQLite and on PostgreSQL: the console keeps running, keeps writing, and records why.
/// </summary>
public sealed class HostileServerTests(ScaleOutCluster cluster) : IClassFixture<ScaleOutCluster>
{
    private const long MessageLimit = 256 * 1024;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task HostileAnswers_ConsoleKeepsRunning_AndRecordsTheReason(string provider)
    {
        await using var console = await StartAsync(provider, cluster, new() { ["McpConsole:ResponseLimits:MaxMessageBytes"] = MessageLimit.ToString() });
        var admin = console.Admin();
        await using var emoji = await SampleServerChild.StartAsync(UniqueName("emoji"), "primary", ["--fault-long-emoji-status"]);
        await using var hugeTools = await SampleServerChild.StartAsync(UniqueName("huge-tools"), "primary", ["--fault-oversized-tools-kb", "400"]);
        await using var hugeHealth = await SampleServerChild.StartAsync(UniqueName("huge-health"), "primary", ["--fault-oversized-health-kb", "100"]);

        var emojiId = await RegisterAsync(admin, emoji);
        var hugeToolsId = await RegisterAsync(admin, hugeTools);
        var hugeHealthId = await RegisterAsync(admin, hugeHealth);

        // 199 characters and an emoji, cut at 200 for the reason: stored whole up to the emoji, no half of it.
        await WaitForTextAsync(console, "Reason", emojiId, new string('d', 199) + "…");
        await WaitForTextAsync(console, "LastError", hugeToolsId, $"tools/list response too large (over {MessageLimit} bytes)");
        await WaitForTextAsync(console, "Reason", hugeHealthId, "health://status response too large (over 65536 bytes)");
        Assert.Null(await console.ScalarAsync("""SELECT "CatalogHash" FROM "ServerStatus" WHERE "ServerId" = @id""", hugeToolsId));

        // Still running and still writing: a healthy server added afterwards is probed and stored.
        await using var healthy = await SampleServerChild.StartAsync(UniqueName("healthy"), "primary");
        var healthyId = await RegisterAsync(admin, healthy);
        await WaitForAsync(async () => await console.ScalarAsync("""SELECT "State" FROM "ServerStatus" WHERE "ServerId" = @id""", healthyId) as string == "Healthy",
            Wait, "the healthy server's status");
        Assert.False(console.Factory.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/ready")).StatusCode);
        Assert.Equal(0, console.Factory.Services.GetRequiredService<ProbeResultWriter>().Dropped);
    }

    private static async Task WaitForTextAsync(ConsoleOnDatabase console, string column, int serverId, string expected)
    {
        string? last = null;
        await WaitForAsync(async () =>
        {
            last = await console.ScalarAsync($"""SELECT "{column}" FROM "ServerStatus" WHERE "ServerId" = @id""", serverId) as string;
            return last?.Contains(expected, StringComparison.Ordinal) == true;
        }, Wait, () => $"{column} of server {serverId} to contain '{expected}'; last seen: {last ?? "(no status row)"}");
    }

    internal static async Task<int> RegisterAsync(HttpClient admin, SampleServerChild server)
    {
        var response = await admin.PostAsJsonAsync("/api/servers", new { name = UniqueName("server"), transport = "StreamableHttp", url = server.McpUrl, timeoutSeconds = 5, probeIntervalSeconds = 5 });
        response.EnsureSuccessStatusCode();
        return (await response.JsonAsync()).GetProperty("id").GetInt32();
    }
}
