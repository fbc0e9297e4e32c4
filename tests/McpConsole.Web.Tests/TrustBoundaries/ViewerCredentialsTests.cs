using System.Net.Http.Json;
using McpConsole.Web.Features.Accounts;
using McpConsole.Web.Features.Alerts;
using McpConsole.Web.Tests.Alerts;
using Microsoft.Data.Sqlite;
using static McpConsole.Web.Tests.Fleet.FleetApi;

namespace McpConsole.Web.Tests.TrustBoundaries;

/// <summary>Issue 15, item 9: credentials in URLs, webhook URLs and stdio arguments are not shown to Viewers nor exported.</summary>
public sealed class ViewerCredentialsTests(ConsoleAppFixture app) : IClassFixture<ConsoleAppFixture>
{
    [Fact]
    public async Task WebhookUrl_StoredEncrypted_ShownByOriginOnly_StillDelivers()
    {
        await using var receiver = await CaptureServer.StartAsync();
        var tokenPath = "/services/T0001/B0002/slackStyleToken42";
        var admin = app.AdminClient();
        var viewer = await app.ClientWithNewKey(UniqueName("viewer"), ConsoleRole.Viewer);
        var created = await admin.PostAsJsonAsync("/api/alerts/channels", new ChannelInput(UniqueName("slack"), ChannelKinds.Webhook, WebhookUrl: receiver.Origin + tokenPath));
        created.EnsureSuccessStatusCode();
        var channelId = (await created.JsonAsync()).GetProperty("id").GetInt32();

        foreach (var client in new[] { viewer, admin })
        {
            var shown = await client.GetStringAsync("/api/alerts/channels");
            Assert.DoesNotContain("slackStyleToken42", shown);
            Assert.Contains(receiver.Origin, shown);
        }

        Assert.DoesNotContain("slackStyleToken42", string.Join('\n', await ColumnAsync("SELECT coalesce(WebhookUrl, '') || ' ' || coalesce(WebhookUrlProtected, '') FROM AlertChannels")));

        // Saving the channel as shown (the form sends back what it got) keeps the real URL; the test message goes there.
        var shownUrl = (await (await admin.GetAsync("/api/alerts/channels")).JsonAsync()).EnumerateArray()
            .First(c => c.GetProperty("id").GetInt32() == channelId).GetProperty("webhookUrl").GetString();
        var name = (await (await admin.GetAsync("/api/alerts/channels")).JsonAsync()).EnumerateArray()
            .First(c => c.GetProperty("id").GetInt32() == channelId).GetProperty("name").GetString()!;
        (await admin.PutAsJsonAsync($"/api/alerts/channels/{channelId}", new ChannelInput(name, ChannelKinds.Webhook, WebhookUrl: shownUrl))).EnsureSuccessStatusCode();
        var test = await admin.PostAsync($"/api/alerts/channels/{channelId}/test", null);
        test.EnsureSuccessStatusCode();
        await receiver.WaitForRequestAsync(r => r.PathAndQuery == tokenPath, TimeSpan.FromSeconds(10), "test message on the token path");

        Assert.DoesNotContain("slackStyleToken42", await viewer.GetStringAsync("/api/alerts/deliveries"));
    }

    [Fact]
    public async Task HttpUrl_UserInfoAndQuery_RedactedForViewersAndInExports()
    {
        var admin = app.AdminClient();
        var viewer = await app.ClientWithNewKey(UniqueName("viewer"), ConsoleRole.Viewer);
        var name = UniqueName("keyed-url");
        var id = await admin.CreateAsync(Http(name, "https://svc:urlPassword7@mcp.example.com/mcp?api_key=queryToken9"));

        var asViewer = await viewer.GetStringAsync($"/api/servers/{id}") + await viewer.GetStringAsync("/api/servers")
            + await viewer.GetStringAsync("/api/servers/export") + await viewer.GetStringAsync("/api/servers/export?format=vscode");
        Assert.DoesNotContain("urlPassword7", asViewer);
        Assert.DoesNotContain("queryToken9", asViewer);
        Assert.Contains("mcp.example.com/mcp", asViewer);
        Assert.DoesNotContain("queryToken9", await admin.GetStringAsync("/api/servers/export"));

        // Operators, who edit servers, see the URL; an Admin's export with secrets carries it.
        Assert.Contains("queryToken9", await admin.GetStringAsync($"/api/servers/{id}"));
        Assert.Contains("queryToken9", await admin.GetStringAsync("/api/servers/export?includeSecrets=true"));
    }

    [Fact]
    public async Task StdioArguments_MarkedOrCarryingCredentials_StoredEncrypted_RedactedForViewersAndInExports()
    {
        var admin = app.AdminClient();
        var viewer = await app.ClientWithNewKey(UniqueName("viewer"), ConsoleRole.Viewer);
        var name = UniqueName("secret-args");
        var id = await admin.CreateAsync(new
        {
            name, transport = "Stdio", command = "node",
            arguments = new[] { "server.js", "--db", "postgres://app:dbPassword5@db.internal/app", "--token", "argToken3" },
            secretArguments = new[] { 4 },
        });

        var view = await (await viewer.GetAsync($"/api/servers/{id}")).JsonAsync();
        Assert.Equal(["server.js", "--db", "<redacted>", "--token", "<redacted>"], view.GetProperty("arguments").EnumerateArray().Select(a => a.GetString()!).ToArray());
        Assert.Equal([2, 4], view.GetProperty("secretArguments").EnumerateArray().Select(a => a.GetInt32()).ToArray());
        var shown = await viewer.GetStringAsync("/api/servers") + await viewer.GetStringAsync("/api/servers/export")
            + await viewer.GetStringAsync("/api/servers/export?format=vscode") + await admin.GetStringAsync($"/api/servers/{id}");
        Assert.DoesNotContain("dbPassword5", shown);
        Assert.DoesNotContain("argToken3", shown);
        Assert.DoesNotContain("dbPassword5", string.Join('\n', await ColumnAsync("SELECT ArgumentsJson || ' ' || coalesce(SecretArgumentsProtected, '') FROM Servers")));
        Assert.DoesNotContain("argToken3", string.Join('\n', await ColumnAsync("SELECT ArgumentsJson || ' ' || coalesce(SecretArgumentsProtected, '') FROM Servers")));

        // The arguments sent back as shown keep the secrets (same command); the Admin's export with secrets has them.
        var sentBack = await admin.PutAsJsonAsync($"/api/servers/{id}", new { arguments = view.GetProperty("arguments"), group = "db" });
        sentBack.EnsureSuccessStatusCode();
        var withSecrets = await admin.GetStringAsync("/api/servers/export?includeSecrets=true");
        Assert.Contains("postgres://app:dbPassword5@db.internal/app", withSecrets);
        Assert.Contains("argToken3", withSecrets);
    }

    [Fact]
    public async Task FailoverWebhookAndMemberUrls_ShownWithoutTokens_WebhookKeptWhenSentBackAsShown()
    {
        var admin = app.AdminClient();
        var viewer = await app.ClientWithNewKey(UniqueName("viewer"), ConsoleRole.Viewer);
        var primary = await admin.CreateAsync(Http(UniqueName("fo-keyed"), "http://127.0.0.1:9/mcp?api_key=memberToken3"));
        var standby = await admin.CreateAsync(Http(UniqueName("fo-plain"), "http://127.0.0.1:9/mcp"));
        var webhook = "https://lb.example.com/hooks/failoverToken5";
        var created = await admin.PostAsJsonAsync("/api/failover/groups", new
        {
            name = UniqueName("keyed-group"), primaryServerId = primary, standbyServerIds = new[] { standby }, checkIntervalSeconds = 3600, webhookUrl = webhook,
        });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var groupId = (await created.JsonAsync()).GetProperty("id").GetInt32();

        var shown = await viewer.GetStringAsync($"/api/failover/groups/{groupId}") + await viewer.GetStringAsync("/api/failover/groups");
        Assert.DoesNotContain("failoverToken5", shown);
        Assert.DoesNotContain("memberToken3", shown);
        Assert.Contains("https://lb.example.com", shown);

        // The edit form sends back what it was shown: the stored webhook stays.
        var shownWebhook = (await (await admin.GetAsync($"/api/failover/groups/{groupId}")).JsonAsync()).GetProperty("webhookUrl").GetString();
        (await admin.PutAsJsonAsync($"/api/failover/groups/{groupId}", new { webhookUrl = shownWebhook, checkIntervalSeconds = 1800 })).EnsureSuccessStatusCode();
        Assert.Contains(webhook, await ColumnAsync($"SELECT coalesce(WebhookUrl, '') FROM FailoverGroups WHERE Id = {groupId}"));
    }

    private async Task<List<string>> ColumnAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(app.Factory.DataDirectory, "console.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            values.Add(reader.GetString(0));
        return values;
    }
}
