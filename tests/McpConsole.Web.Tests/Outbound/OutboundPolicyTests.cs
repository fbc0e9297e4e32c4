using System.Net.Http.Json;
using System.Text.Json;
using McpConsole.Web.Features.Alerts;
using McpConsole.Web.Features.Costs.Sampling;
using McpConsole.Web.Features.Probing;
using McpConsole.Web.Tests.Fleet;
using Microsoft.Extensions.DependencyInjection;

namespace McpConsole.Web.Tests.Outbound;

/// <summary>
/// Every URL an operator enters is fetched under one outbound policy: the metadata address is refused before any
/// connection (no network is needed for these tests), a redirect to another origin is not followed, and the reason
/// reaches what a user reads (server status, delivery log, failover timeline, cost panel).
/// </summary>
public sealed class OutboundPolicyTests(ConsoleAppFixture app) : IClassFixture<ConsoleAppFixture>
{
    private const string MetadataRefusal = "refused by the outbound policy: 169.254.169.254 is a link-local/metadata address; see McpConsole__Outbound__AllowLinkLocal";

    [Fact]
    public async Task Probe_ServerAtTheMetadataAddress_GoesDownWithThePolicyReason()
    {
        var admin = app.AdminClient();
        var id = await admin.CreateAsync(FleetApi.Http(FleetApi.UniqueName("imds"), "http://169.254.169.254/mcp"));

        var outcome = await ProbeAsync(id);

        Assert.False(outcome.Succeeded);
        Assert.Contains(MetadataRefusal, outcome.Result.Failure!.Describe());
        var summary = await WaitForStateAsync(admin, id, "Down");
        Assert.Contains(MetadataRefusal, summary.GetProperty("stateReason").GetString());
        Assert.DoesNotContain(" at ", summary.GetProperty("stateReason").GetString()!.Replace(" at the ", ""), StringComparison.Ordinal); // a reason, not a stack trace
    }

    [Fact]
    public async Task Probe_RedirectToAnotherOrigin_IsNotFollowed_AndTheServersHeadersNeverLeave()
    {
        await using var origins = await LoopbackOrigins.StartAsync();
        var admin = app.AdminClient();
        var url = new Uri(origins.Redirector, "away/mcp").ToString();
        var id = await admin.CreateAsync(FleetApi.Http(FleetApi.UniqueName("redirected"), url, new Dictionary<string, string> { ["X-Api-Key"] = "prod-token-123" }));

        var outcome = await ProbeAsync(id);

        Assert.False(outcome.Succeeded);
        var reason = outcome.Result.Failure!.Describe();
        Assert.Contains($"refused by the outbound policy: {Origin(origins.Redirector)} redirected to {Origin(origins.Other)}, another origin", reason);
        Assert.Empty(origins.ReachedOther);
    }

    [Fact]
    public async Task MetricsUrl_AtTheMetadataAddress_IsRefusedWithTheReason_OnTheServersCostPanel()
    {
        var admin = app.AdminClient();
        var id = await admin.CreateAsync(new
        {
            name = FleetApi.UniqueName("metrics-imds"), transport = "StreamableHttp", url = "http://127.0.0.1:9/mcp", metricsUrl = "http://169.254.169.254/latest/meta-data/",
        });

        var failure = await SampleAsync(id);

        Assert.Equal($"http://169.254.169.254/latest/meta-data/: {MetadataRefusal} or McpConsole__Outbound__AllowedHosts", failure);
    }

    [Fact]
    public async Task MetricsUrl_RedirectToAnotherOrigin_IsNotFollowed_WithinItsOrigin_IsFollowed()
    {
        await using var origins = await LoopbackOrigins.StartAsync();
        var admin = app.AdminClient();
        var away = await admin.CreateAsync(new
        {
            name = FleetApi.UniqueName("metrics-away"), transport = "StreamableHttp", url = "http://127.0.0.1:9/mcp", metricsUrl = new Uri(origins.Redirector, "away/metrics").ToString(),
        });
        var same = await admin.CreateAsync(new
        {
            name = FleetApi.UniqueName("metrics-same"), transport = "StreamableHttp", url = "http://127.0.0.1:9/mcp", metricsUrl = new Uri(origins.Redirector, "same/old-metrics").ToString(),
        });

        var awayFailure = await SampleAsync(away);
        var sameFailure = await SampleAsync(same);

        Assert.Contains($"refused by the outbound policy: {Origin(origins.Redirector)} redirected to {Origin(origins.Other)}, another origin", awayFailure);
        Assert.Empty(origins.ReachedOther);
        Assert.Null(sameFailure); // same-origin redirect followed: the metrics were read
    }

    [Fact]
    public async Task AlertWebhook_AtTheMetadataAddress_FailsWithThePolicyReason_InTheDeliveryLog()
    {
        var admin = app.AdminClient();
        var name = FleetApi.UniqueName("imds hook");
        var channelId = await CreateChannelAsync(admin, name, "http://169.254.169.254/latest/api/token");

        var result = await (await admin.PostAsync($"/api/alerts/channels/{channelId}/test", null)).Content.ReadFromJsonAsync<SendResult>();

        Assert.False(result!.Succeeded);
        Assert.Equal($"{MetadataRefusal} or McpConsole__Outbound__AllowedHosts", result.Answer);
        var deliveries = await admin.GetFromJsonAsync<List<DeliveryView>>("/api/alerts/deliveries");
        Assert.Contains(deliveries!, d => d.ChannelName == name && !d.Succeeded && d.Answer == result.Answer);
    }

    [Fact]
    public async Task AlertWebhook_RedirectToAnotherOrigin_IsNotFollowed()
    {
        await using var origins = await LoopbackOrigins.StartAsync();
        var admin = app.AdminClient();
        var channelId = await CreateChannelAsync(admin, FleetApi.UniqueName("redirected hook"), new Uri(origins.Redirector, "away/hook").ToString());

        var result = await (await admin.PostAsync($"/api/alerts/channels/{channelId}/test", null)).Content.ReadFromJsonAsync<SendResult>();

        Assert.False(result!.Succeeded);
        Assert.StartsWith($"refused by the outbound policy: {Origin(origins.Redirector)} redirected to {Origin(origins.Other)}, another origin", result.Answer);
        Assert.Empty(origins.ReachedOther);
    }

    [Fact]
    public async Task FailoverWebhookAndRoleEndpoint_AtTheMetadataAddress_AreRefused_TheTimelineSaysWhy()
    {
        var admin = app.AdminClient();
        var primary = await admin.CreateAsync(FleetApi.Http(FleetApi.UniqueName("fo-imds"), "http://169.254.169.254/mcp"));
        var standby = await admin.CreateAsync(FleetApi.Http(FleetApi.UniqueName("fo-standby"), "http://127.0.0.1:9/mcp"));
        var created = await admin.PostAsJsonAsync("/api/failover/groups", new
        {
            name = FleetApi.UniqueName("fo"), primaryServerId = primary, standbyServerIds = new[] { standby }, checkIntervalSeconds = 1,
            failuresBeforeFailover = 100, timeoutMs = 1000, webhookUrl = "http://169.254.169.254/hook",
        });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var groupId = (await created.JsonAsync()).GetProperty("id").GetInt32();

        var failed = await WaitForAsync(async () =>
            (await admin.GetFromJsonAsync<List<JsonElement>>($"/api/failover/groups/{groupId}/events"))!.FirstOrDefault(e => e.GetProperty("kind").GetString() == "WebhookFailed"));
        Assert.Equal($"webhook http://169.254.169.254:80 not delivered: {MetadataRefusal} or McpConsole__Outbound__AllowedHosts", failed.GetProperty("message").GetString());

        var member = await WaitForAsync(async () => (await admin.GetFromJsonAsync<JsonElement>($"/api/failover/groups/{groupId}")).GetProperty("members")
            .EnumerateArray().FirstOrDefault(m => m.GetProperty("serverId").GetInt32() == primary && m.GetProperty("lastError").GetString() is not null));
        Assert.Contains(MetadataRefusal, member.GetProperty("lastError").GetString());
        var role = await app.Factory.Services.GetRequiredService<Features.Failover.RoleClient>().GetRoleAsync(new Uri("http://169.254.169.254/"), TimeSpan.FromSeconds(5), default);
        Assert.Equal($"{MetadataRefusal} or McpConsole__Outbound__AllowedHosts", role.Error);
    }

    private async Task<ProbeOutcome> ProbeAsync(int serverId)
    {
        var scheduler = app.Factory.Services.GetRequiredService<ProbeScheduler>();
        return await WaitForAsync(() => scheduler.ProbeNowAsync(serverId, CancellationToken.None));
    }

    private async Task<string?> SampleAsync(int serverId)
    {
        var sampler = app.Factory.Services.GetRequiredService<ResourceSampler>();
        await sampler.SampleOnceAsync();
        return sampler.MetricsFailure(serverId);
    }

    /// <summary>Probes again until the server reaches the state (Down takes three failures in a row).</summary>
    private async Task<JsonElement> WaitForStateAsync(HttpClient admin, int id, string state) =>
        await WaitForAsync(async () =>
        {
            var row = (await admin.GetFromJsonAsync<List<JsonElement>>("/api/servers"))!
                .FirstOrDefault(s => s.GetProperty("id").GetInt32() == id && s.GetProperty("state").GetString() == state);
            if (row.ValueKind == JsonValueKind.Undefined)
                await ProbeAsync(id);
            return row;
        });

    private static async Task<int> CreateChannelAsync(HttpClient admin, string name, string url)
    {
        var created = await admin.PostAsJsonAsync("/api/alerts/channels", new ChannelInput(name, ChannelKinds.Webhook, WebhookUrl: url));
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        return (await created.Content.ReadFromJsonAsync<ChannelView>())!.Id;
    }

    private static string Origin(Uri uri) => $"{uri.Scheme}://{uri.Host}:{uri.Port}";

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe, int seconds = 30)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var value = await probe();
            if (value is not null && !(value is JsonElement { ValueKind: JsonValueKind.Undefined }))
                return value;
            Assert.True(DateTime.UtcNow < until, "timed out waiting");
            await Task.Delay(200);
        }
    }
}
