using System.Net.Http.Json;
using System.Text.Json;
using McpConsole.TestSupport;
using McpConsole.Web.Features.Fleet;
using McpConsole.Web.Tests.Fleet;
using Microsoft.Extensions.DependencyInjection;

namespace McpConsole.Web.Tests.Failover;

/// <summary>
/// A failover pair as in the demo (sample servers, primary and standby, /health and /ready checked): the standby's
/// /ready 503 is its role, not a fault, on every page; its own faults still make it Degraded.
/// </summary>
[Collection(RealServerCollection.Name)]
public sealed class StandbyRoleTests : IAsyncLifetime
{
    private const string AdminToken = "standby-role-admin-token";
    private readonly ConsoleAppFactory _app = new();
    private SampleServerChild? _primary, _standby;

    public async Task InitializeAsync()
    {
        _primary = await SampleServerChild.StartAsync(FleetApi.UniqueName("role-p"), "primary", ["--admin-token", AdminToken]);
        _standby = await SampleServerChild.StartAsync(FleetApi.UniqueName("role-s"), "standby", ["--admin-token", AdminToken]);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _primary!.DisposeAsync();
        await _standby!.DisposeAsync();
    }

    [Fact]
    public async Task HealthyStandby_IsHealthyEverywhere_NoIncidentNoAlert_OwnFaultStillDegrades()
    {
        var api = _app.CreateClient();
        api.DefaultRequestHeaders.Add("X-Api-Key", ConsoleAppFactory.BootstrapKey);
        var primaryName = FleetApi.UniqueName("role-primary");
        var standbyName = FleetApi.UniqueName("role-standby");
        // Registered disabled and enabled once in the group, so every probe of the standby knows its role.
        var primaryId = await api.CreateAsync(Server(primaryName, _primary!.McpUrl));
        var standbyId = await api.CreateAsync(Server(standbyName, _standby!.McpUrl));
        var group = await api.PostAsJsonAsync("/api/failover/groups", new
        {
            name = FleetApi.UniqueName("role-group"), primaryServerId = primaryId, standbyServerIds = new[] { standbyId },
            checkIntervalSeconds = 3, failuresBeforeFailover = 3, timeoutMs = 2500,
        });
        Assert.Equal(System.Net.HttpStatusCode.Created, group.StatusCode);
        var groupId = (await group.Content.ReadFromJsonAsync<GroupDto>())!.Id;
        foreach (var id in new[] { primaryId, standbyId })
            (await api.PutAsJsonAsync($"/api/servers/{id}", new { enabled = true })).EnsureSuccessStatusCode();

        // Two probes of the standby, both answering /ready 503 (the sample server's standby does).
        var first = await WaitForAsync(api, standbyId, s => s.LastCheckedAt is not null, TimeSpan.FromSeconds(30));
        var standby = await WaitForAsync(api, standbyId, s => s.LastCheckedAt > first.LastCheckedAt, TimeSpan.FromSeconds(30));
        using (var ready = await new HttpClient().GetAsync(new Uri(_standby.BaseUri, "ready")))
            Assert.Equal(503, (int)ready.StatusCode);

        Assert.Equal("Healthy", standby.State);
        Assert.StartsWith("standby, ", standby.StateReason);
        Assert.Equal("Healthy", (await WaitForAsync(api, primaryId, s => s.LastCheckedAt is not null, TimeSpan.FromSeconds(30))).State);
        // The failover page's view agrees.
        var members = (await WaitForGroupAsync(api, groupId, g => g.Members.All(m => m.Healthy))).Members;
        Assert.Equal("standby", members.Single(m => m.ServerId == standbyId).Role);
        // No incident, no alert, Healthy on /metrics.
        var details = await _app.Services.GetRequiredService<ServerRegistry>().GetDetailsAsync(standbyId);
        Assert.DoesNotContain(details!.RecentEvents, e => e.ToState == "Degraded");
        Assert.DoesNotContain((await api.GetFromJsonAsync<List<AlertRow>>("/api/alerts"))!, a => a.Subject == standbyName);
        Assert.Contains($"mcp_server_state{{server=\"{standbyName}\",state=\"Healthy\"}} 1", await MetricsAsync(api, standbyName, "Healthy"));

        // Its own fault counts: degraded on its health report -> Degraded with that reason, and the alert is raised.
        using (var faults = new HttpRequestMessage(HttpMethod.Post, new Uri(_standby.BaseUri, "admin/faults")) { Content = JsonContent.Create(new { degraded = true }) })
        {
            faults.Headers.Add("X-Admin-Token", AdminToken);
            (await new HttpClient().SendAsync(faults)).EnsureSuccessStatusCode();
        }

        var degraded = await WaitForAsync(api, standbyId, s => s.State == "Degraded", TimeSpan.FromSeconds(30));
        Assert.Contains("degraded", degraded.StateReason);
        Assert.DoesNotContain("not ready", degraded.StateReason);
        var until = DateTime.UtcNow.AddSeconds(10);
        while (!(await api.GetFromJsonAsync<List<AlertRow>>("/api/alerts"))!.Any(a => a.Kind == "ServerDegraded" && a.Subject == standbyName) && DateTime.UtcNow < until)
            await Task.Delay(200);
        Assert.Contains((await api.GetFromJsonAsync<List<AlertRow>>("/api/alerts"))!, a => a.Kind == "ServerDegraded" && a.Subject == standbyName);
    }

    private static object Server(string name, string url) =>
        new { name, transport = "StreamableHttp", url, probeIntervalSeconds = 5, timeoutSeconds = 3, checkHttpHealthEndpoints = true, enabled = false };

    private static async Task<string> MetricsAsync(HttpClient api, string name, string state)
    {
        var until = DateTime.UtcNow.AddSeconds(15);
        string text;
        while (!(text = await api.GetStringAsync("/metrics")).Contains($"mcp_server_state{{server=\"{name}\",state=\"{state}\"}} 1") && DateTime.UtcNow < until)
            await Task.Delay(250);
        return text;
    }

    private static async Task<GroupDto> WaitForGroupAsync(HttpClient api, int id, Func<GroupDto, bool> done)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        GroupDto group;
        while (!done(group = (await api.GetFromJsonAsync<GroupDto>($"/api/failover/groups/{id}"))!))
        {
            Assert.True(DateTime.UtcNow < until, "group not reached in time: " + JsonSerializer.Serialize(group));
            await Task.Delay(250);
        }

        return group;
    }

    private static async Task<ServerRow> WaitForAsync(HttpClient api, int id, Func<ServerRow, bool> done, TimeSpan within)
    {
        var until = DateTime.UtcNow + within;
        ServerRow row;
        while (!done(row = (await api.GetFromJsonAsync<List<ServerRow>>("/api/servers"))!.Single(s => s.Id == id)))
        {
            Assert.True(DateTime.UtcNow < until, "not reached in time: " + JsonSerializer.Serialize(row));
            await Task.Delay(200);
        }

        return row;
    }

    private sealed record ServerRow(int Id, string Name, string State, string? StateReason, DateTimeOffset? LastCheckedAt);

    private sealed record AlertRow(string Kind, string Subject, string Details);
}
