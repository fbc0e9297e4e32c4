using System.Net;
using System.Text.Json;
using McpConsole.Core.Health;
using McpConsole.TestSupport;
using McpConsole.Web.Features.Probing;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static McpConsole.Web.Tests.Fleet.FleetApi;

namespace McpConsole.Web.Tests.Probing;

/// <summary>
/// No stale green: a server whose stored state is Healthy but whose last result is 10 minutes old (threshold: 30 s x 2 +
/// 10 s) reads Unknown "no result since ..." on every page, in the API and in /metrics, and its missing time is unknown,
/// never up; a server checked just now stays Healthy. Probing is off, so nothing overwrites the rows written here.
/// </summary>
public sealed class StaleStateTests : IAsyncLifetime
{
    private readonly ConsoleAppFactory _factory = new() { Settings = new Dictionary<string, string> { ["McpConsole:Probing:Enabled"] = "false" } };
    private readonly string _stale = UniqueName("stale");
    private readonly string _fresh = UniqueName("fresh");
    private readonly string _gappy = UniqueName("gappy");
    private HttpClient _admin = null!;
    private int _staleId;
    private int _freshId;
    private int _gappyId;

    public async Task InitializeAsync()
    {
        _admin = _factory.CreateClient();
        _admin.DefaultRequestHeaders.Add("X-Api-Key", ConsoleAppFactory.BootstrapKey);
        _staleId = await _admin.CreateAsync(new { name = _stale, transport = "StreamableHttp", url = "https://stale.example.com/mcp" });
        _freshId = await _admin.CreateAsync(new { name = _fresh, transport = "StreamableHttp", url = "https://fresh.example.com/mcp" });
        _gappyId = await _admin.CreateAsync(new { name = _gappy, transport = "StreamableHttp", url = "https://gappy.example.com/mcp" });

        var now = DateTimeOffset.UtcNow;
        var staleAt = now.AddMinutes(-10);
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<ConsoleDbContext>>().CreateDbContextAsync();
        db.ServerStatus.Add(new ServerStatus { ServerId = _staleId, State = "Healthy", Reason = "first probe succeeded", Since = now.AddMinutes(-30), LastCheckedAt = staleAt, NextCheckAt = staleAt.AddSeconds(30), LatencyMs = 12 });
        db.ServerStatus.Add(new ServerStatus { ServerId = _gappyId, State = "Healthy", Reason = "ok", LastCheckedAt = now, NextCheckAt = now.AddSeconds(30) });
        db.ServerStatus.Add(new ServerStatus { ServerId = _freshId, State = "Healthy", Reason = "first probe succeeded", Since = now.AddMinutes(-30), LastCheckedAt = now, NextCheckAt = now.AddSeconds(30), LatencyMs = 12 });
        // Every 30 s for the last 30 minutes, all successful; the stale server's samples stop 10 minutes ago.
        for (var at = now.AddMinutes(-30); at <= now; at = at.AddSeconds(30))
        {
            db.ProbeSamples.Add(new ProbeSample { ServerId = _freshId, At = at, Succeeded = true, LatencyMs = 12 });
            if (at <= staleAt)
                db.ProbeSamples.Add(new ProbeSample { ServerId = _staleId, At = at, Succeeded = true, LatencyMs = 12 });
            if (at < now.AddMinutes(-20) || at > now.AddMinutes(-10)) // a 10-minute hole in the middle
                db.ProbeSamples.Add(new ProbeSample { ServerId = _gappyId, At = at, Succeeded = true, LatencyMs = 12 });
        }

        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Api_StaleServerIsUnknownWithAgeAndLastKnown_FreshStaysHealthy_UnknownTimeIsNotUptime()
    {
        var list = await (await _admin.GetAsync("/api/servers")).JsonAsync();
        var stale = list.EnumerateArray().Single(r => r.GetProperty("id").GetInt32() == _staleId);
        var fresh = list.EnumerateArray().Single(r => r.GetProperty("id").GetInt32() == _freshId);

        Assert.Equal("Unknown", stale.GetProperty("state").GetString());
        Assert.StartsWith("no result since ", stale.GetProperty("stateReason").GetString());
        Assert.True(stale.GetProperty("stale").GetBoolean());
        Assert.InRange(stale.GetProperty("ageSeconds").GetDouble(), 590, 900);
        Assert.Equal("Healthy", stale.GetProperty("lastKnownState").GetString());
        Assert.NotEqual(JsonValueKind.Null, stale.GetProperty("lastCheckedAt").ValueKind);
        // 30 min window, last result 10 min ago: the 10 min minus the 70 s threshold are unknown (~29 %), not up.
        Assert.InRange(stale.GetProperty("unknownPercent24h").GetDouble(), 25, 35);
        Assert.InRange(stale.GetProperty("uptimePercent24h").GetDouble(), 65, 75);

        Assert.Equal("Healthy", fresh.GetProperty("state").GetString());
        Assert.False(fresh.GetProperty("stale").GetBoolean());
        Assert.InRange(fresh.GetProperty("ageSeconds").GetDouble(), 0, 300);
        Assert.Equal(0, fresh.GetProperty("unknownPercent24h").GetDouble());
        Assert.Equal(100, fresh.GetProperty("uptimePercent24h").GetDouble());

        // Fresh now, but 10 minutes without results earlier: that hole (less the threshold) is unknown, not up.
        var gappy = list.EnumerateArray().Single(r => r.GetProperty("id").GetInt32() == _gappyId);
        Assert.Equal("Healthy", gappy.GetProperty("state").GetString());
        Assert.InRange(gappy.GetProperty("unknownPercent24h").GetDouble(), 24, 36);
        Assert.InRange(gappy.GetProperty("uptimePercent24h").GetDouble(), 64, 76);

        var state = await (await _admin.GetAsync($"/api/servers/{_staleId}/state")).JsonAsync();
        Assert.Equal("Unknown", state.GetProperty("state").GetString());
        Assert.True(state.GetProperty("stale").GetBoolean());
        Assert.Equal("first probe succeeded", state.GetProperty("lastKnownReason").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync("/api/servers/999999/state")).StatusCode);
    }

    [Fact]
    public async Task Pages_ServersListDetailAndOverview_ShowTheStaleServerUnknown_WithAge()
    {
        var list = WebUtility.HtmlDecode(await _admin.GetStringAsync("/servers"));
        var staleRow = Row(list, _stale);
        Assert.Contains("data-state=\"Unknown\"", staleRow);
        Assert.Contains("no result since", staleRow);
        Assert.Contains("last known: Healthy", staleRow);
        Assert.Contains("unknown 2", staleRow); // unknown 2x %
        var freshRow = Row(list, _fresh);
        Assert.Contains("data-state=\"Healthy\"", freshRow);
        Assert.Contains("checked ", freshRow);

        var detail = WebUtility.HtmlDecode(await _admin.GetStringAsync($"/servers/{_staleId}"));
        Assert.Contains("last known: Healthy (first probe succeeded)", detail);
        Assert.Contains("(checked 10 min ago)", detail);
        Assert.Contains("unknown 2", detail);

        var overview = WebUtility.HtmlDecode(await _admin.GetStringAsync("/"));
        Assert.Contains($"aria-label=\"{_stale}: Unknown, no result since ", overview);
        Assert.Contains($"aria-label=\"{_fresh}: Healthy, checked ", overview);
        Assert.Contains("server(s) have no recent result", overview);
    }

    [Fact]
    public async Task Metrics_StaleResultIsUnknownWithUpZero_AndItsAge()
    {
        var notifier = _factory.Services.GetRequiredService<FleetNotifier>();
        var now = DateTimeOffset.UtcNow;
        notifier.Publish(Result(_staleId, _stale, now.AddMinutes(-10)));
        notifier.Publish(Result(_freshId, _fresh, now));

        var text = await _admin.GetStringAsync("/metrics");
        Assert.Contains($"mcp_server_state{{server=\"{_stale}\",state=\"Unknown\"}} 1", text);
        Assert.Contains($"mcp_server_state{{server=\"{_stale}\",state=\"Healthy\"}} 0", text);
        Assert.Contains($"mcp_server_up{{server=\"{_stale}\"}} 0", text);
        Assert.InRange(Gauge(text, "mcp_server_last_result_age_seconds", _stale), 590, 900);
        Assert.Contains($"mcp_server_state{{server=\"{_fresh}\",state=\"Healthy\"}} 1", text);
        Assert.Contains($"mcp_server_up{{server=\"{_fresh}\"}} 1", text);
        Assert.InRange(Gauge(text, "mcp_server_last_result_age_seconds", _fresh), 0, 300);
    }

    private static ServerStatusChanged Result(int id, string name, DateTimeOffset at) =>
        new(id, name, HealthState.Healthy, "first probe succeeded", at, 12, true, null, null, 1, null, false)
        {
            NextCheckAt = at.AddSeconds(30), Interval = TimeSpan.FromSeconds(30), Timeout = TimeSpan.FromSeconds(10),
        };

    private static double Gauge(string text, string metric, string server)
    {
        var line = text.Split('\n').Single(l => l.StartsWith($"{metric}{{server=\"{server}\"}} ", StringComparison.Ordinal));
        return double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The table row of one server in the servers page's HTML.</summary>
    private static string Row(string html, string name)
    {
        var at = html.IndexOf($">{name}<", StringComparison.Ordinal);
        Assert.True(at >= 0, $"{name} not on the page");
        var start = html.LastIndexOf("<tr", at, StringComparison.Ordinal);
        var end = html.IndexOf("</tr>", at, StringComparison.Ordinal);
        return html[start..end];
    }
}
