using System.Net.Http.Json;
using McpConsole.Web.Features.Alerts;
using McpConsole.Web.Tests.Fleet;

namespace McpConsole.Web.Tests.Outbound;

/// <summary>Every change of a URL the console fetches is audited with the old and the new origin, never a path, query or password.</summary>
public sealed class UrlChangeAuditTests(ConsoleAppFixture app) : IClassFixture<ConsoleAppFixture>
{
    private const string Secrets = "T000/B000/hook-secret";

    [Fact]
    public async Task FailoverWebhookChange_IsAudited_WithOldAndNewOriginOnly()
    {
        var admin = app.AdminClient();
        var primary = await admin.CreateAsync(FleetApi.Http(FleetApi.UniqueName("fo-a"), "http://127.0.0.1:9/mcp"));
        var standby = await admin.CreateAsync(FleetApi.Http(FleetApi.UniqueName("fo-b"), "http://127.0.0.1:9/mcp"));
        var name = FleetApi.UniqueName("audited");
        var created = await admin.PostAsJsonAsync("/api/failover/groups", new
        {
            name, primaryServerId = primary, standbyServerIds = new[] { standby }, checkIntervalSeconds = 3600,
            webhookUrl = $"https://hooks.example.com/services/{Secrets}?token=q-secret",
        });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var groupId = (await created.JsonAsync()).GetProperty("id").GetInt32();

        (await admin.PutAsJsonAsync($"/api/failover/groups/{groupId}", new { webhookUrl = $"http://ops:p4ss-secret@alerts.internal:8080/{Secrets}" })).EnsureSuccessStatusCode();
        (await admin.PutAsJsonAsync($"/api/failover/groups/{groupId}", new { webhookUrl = "" })).EnsureSuccessStatusCode();

        var rows = await admin.AuditAsync("failover.group", $"group {name}");
        Assert.Contains(rows, r => r.Action == "failover.groupCreated" && r.Details!.EndsWith("; webhook none -> https://hooks.example.com:443", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Action == "failover.groupChanged" && r.Details!.EndsWith("; webhook https://hooks.example.com:443 -> http://alerts.internal:8080", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Action == "failover.groupChanged" && r.Details!.EndsWith("; webhook http://alerts.internal:8080 -> none", StringComparison.Ordinal));
        Assert.All(rows, r => AssertNoSecret(r.Details));
    }

    [Fact]
    public async Task ServerUrlAndMetricsUrlChanges_AreAudited_WithOldAndNewOriginOnly()
    {
        var admin = app.AdminClient();
        var name = FleetApi.UniqueName("moved");
        var id = await admin.CreateAsync(FleetApi.Http(name, "http://mcp-a.internal:5100/mcp"));

        var update = await admin.PutAsJsonAsync($"/api/servers/{id}", new
        {
            url = $"https://ops:p4ss-secret@mcp-b.internal/mcp/{Secrets}?token=q-secret", metricsUrl = $"http://metrics.internal:9100/{Secrets}",
        });
        Assert.True(update.IsSuccessStatusCode, await update.Content.ReadAsStringAsync());

        var row = Assert.Single(await admin.AuditAsync("server.updated", name));
        Assert.Contains("URL http://mcp-a.internal:5100 -> https://mcp-b.internal:443", row.Details);
        Assert.Contains("metrics URL none -> http://metrics.internal:9100", row.Details);
        AssertNoSecret(row.Details);
        Assert.Contains("URL none -> http://mcp-a.internal:5100", Assert.Single(await admin.AuditAsync("server.created", name)).Details);
    }

    [Fact]
    public async Task AlertWebhookChange_IsAudited_WithOldAndNewOriginOnly()
    {
        var admin = app.AdminClient();
        var name = FleetApi.UniqueName("slack");
        var created = await admin.PostAsJsonAsync("/api/alerts/channels", new ChannelInput(name, ChannelKinds.Webhook, WebhookUrl: $"https://hooks.slack.example/services/{Secrets}"));
        var id = (await created.Content.ReadFromJsonAsync<ChannelView>())!.Id;

        (await admin.PutAsJsonAsync($"/api/alerts/channels/{id}", new ChannelInput(name, ChannelKinds.Webhook, WebhookUrl: $"http://ops:p4ss-secret@relay.internal:8080/{Secrets}?token=q-secret")))
            .EnsureSuccessStatusCode();

        var rows = await admin.AuditAsync("alerts.channel", name);
        Assert.Contains(rows, r => r.Action == "alerts.channel.add" && r.Details == "webhook none -> https://hooks.slack.example:443");
        Assert.Contains(rows, r => r.Action == "alerts.channel.update" && r.Details == "webhook https://hooks.slack.example:443 -> http://relay.internal:8080");
        Assert.All(rows, r => AssertNoSecret(r.Details));
    }

    private static void AssertNoSecret(string? details)
    {
        Assert.DoesNotContain("secret", details ?? "", StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("/services/", details ?? "", StringComparison.Ordinal);
    }
}
