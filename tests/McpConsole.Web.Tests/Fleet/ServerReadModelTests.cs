using System.Net;
using McpConsole.Web.Features.Fleet;
using McpConsole.Web.Features.Probing;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static McpConsole.Web.Tests.Fleet.FleetApi;

namespace McpConsole.Web.Tests.Fleet;

public sealed class ServerReadModelTests(ConsoleAppFixture app) : IClassFixture<ConsoleAppFixture>
{
    [Fact]
    public async Task ListAndDetails_JoinStatus_EventsCatalog_AndUptimeFromSamples()
    {
        var admin = app.AdminClient();
        var name = UniqueName("probed");
        // Disabled, so a live probe engine cannot overwrite the status rows written below.
        var id = await admin.CreateAsync(new { name, transport = "StreamableHttp", url = "https://p.example.com/mcp", enabled = false });
        var now = DateTimeOffset.UtcNow;
        await using (var db = await app.Factory.Services.GetRequiredService<IDbContextFactory<ConsoleDbContext>>().CreateDbContextAsync())
        {
            db.ServerStatus.Add(new ServerStatus
            {
                ServerId = id, State = "Degraded", Reason = "slow: 2500 ms", LastCheckedAt = now, LatencyMs = 2500,
                ProtocolVersion = "2025-11-25", ToolCount = 2, ResourceCount = 1, PromptCount = 0, CatalogHash = "h1",
            });
            db.StateEvents.Add(new StateEvent { ServerId = id, At = now, FromState = "Healthy", ToState = "Degraded", Reason = "slow <b>x</b>" });
            db.CatalogSnapshots.Add(new CatalogSnapshot { ServerId = id, At = now, Hash = "h1", ToolsJson = """[{"name":"echo","description":"<script>x()</script>"}]""" });
            for (var i = 0; i < 4; i++)
                db.ProbeSamples.Add(new ProbeSample { ServerId = id, At = now.AddMinutes(-i), Succeeded = i != 0, LatencyMs = 10 });
            db.ProbeSamples.Add(new ProbeSample { ServerId = id, At = now.AddHours(-30), Succeeded = false, LatencyMs = 10 });
            await db.SaveChangesAsync();
        }

        var list = await (await admin.GetAsync("/api/servers")).JsonAsync();
        var row = list.EnumerateArray().Single(r => r.GetProperty("id").GetInt32() == id);
        Assert.Equal("Degraded", row.GetProperty("state").GetString());
        Assert.Equal("slow: 2500 ms", row.GetProperty("stateReason").GetString());
        Assert.Equal(2, row.GetProperty("toolCount").GetInt32());
        Assert.Equal("2025-11-25", row.GetProperty("protocolVersion").GetString());
        Assert.Equal(75, row.GetProperty("uptimePercent24h").GetDouble(), 3);

        var details = await app.Factory.Services.GetRequiredService<ServerRegistry>().GetDetailsAsync(id);
        Assert.Equal("Degraded", details!.Status!.State);
        Assert.Single(details.RecentEvents);
        Assert.Equal("h1", details.LatestCatalog!.Hash);

        // The pages prerender with the same data; server text is encoded, never markup.
        var page = await admin.GetAsync($"/servers/{id}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains(name, html);
        Assert.Contains("&lt;script&gt;x()&lt;/script&gt;", html);
        Assert.DoesNotContain("<script>x()", html);
        Assert.DoesNotContain("<b>x</b>", html);
        var listPage = await admin.GetStringAsync("/servers");
        Assert.Contains(name, listPage);
    }

    [Fact]
    public async Task ProbeTargets_CarrySecretsAndProbeSettings()
    {
        var admin = app.AdminClient();
        var name = UniqueName("target");
        var id = await admin.CreateAsync(new
        {
            name, transport = "Sse", url = "https://s.example.com/sse", headers = new Dictionary<string, string> { ["Authorization"] = "Bearer t" },
            slowThresholdMs = 750, checkHttpHealthEndpoints = true, enabled = false,
        });
        var registry = app.Factory.Services.GetRequiredService<ServerRegistry>();
        Assert.DoesNotContain(await registry.GetDefinitionsForProbingAsync(), t => t.Id == id);
        var target = Assert.Single(await registry.GetDefinitionsForProbingAsync(enabledOnly: false), t => t.Id == id);
        Assert.Equal(750, target.SlowThresholdMs);
        Assert.True(target.CheckHttpHealthEndpoints);
        Assert.Equal("Bearer t", target.Definition.Headers["Authorization"]);
        Assert.DoesNotContain("Bearer t", target.ToString());
    }
}
