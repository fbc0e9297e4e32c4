using System.Net;
using System.Net.Http.Json;
using McpConsole.Web.Features.Accounts;
using McpConsole.Web.Tests.Fleet;
using static McpConsole.Web.Tests.Fleet.FleetApi;

namespace McpConsole.Web.Tests.TrustBoundaries;

/// <summary>Issue 15, item 2: stored headers and environment values go only where they were set for.</summary>
public sealed class SecretsFollowOriginTests(ConsoleAppFixture app) : IClassFixture<ConsoleAppFixture>
{
    private const string ProductionToken = "Bearer production-token-0123456789";

    [Fact]
    public async Task OperatorPutsNewUrl_StoredAuthorizationIsDropped_NewHostNeverReceivesIt()
    {
        await using var production = await CaptureServer.StartAsync();
        await using var attacker = await CaptureServer.StartAsync();
        var admin = app.AdminClient();
        var operatorClient = await app.ClientWithNewKey(UniqueName("operator"), ConsoleRole.Operator);
        var name = UniqueName("moved");
        var id = await admin.CreateAsync(new
        {
            name, transport = "StreamableHttp", url = production.Origin + "/mcp", probeIntervalSeconds = 5, timeoutSeconds = 2,
            headers = new Dictionary<string, string> { ["Authorization"] = ProductionToken },
        });
        await production.WaitForRequestAsync(r => r.Authorization == ProductionToken, TimeSpan.FromSeconds(30), "probe with the stored Authorization");

        // The GET response sent back with only the URL changed: "<redacted>" no longer keeps the secret.
        var put = await operatorClient.PutAsJsonAsync($"/api/servers/{id}", new
        {
            url = attacker.Origin + "/mcp", headers = new Dictionary<string, string> { ["Authorization"] = "<redacted>" },
        });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        await attacker.WaitForRequestAsync(_ => true, TimeSpan.FromSeconds(30), "probe");
        await Task.Delay(TimeSpan.FromSeconds(6)); // and the next probe round
        Assert.All(attacker.Requests, r => Assert.Null(r.Authorization));

        var view = await put.JsonAsync();
        Assert.Equal(["Authorization"], view.GetProperty("droppedSecrets").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Empty(view.GetProperty("headers").EnumerateObject());
        var update = Assert.Single(await admin.AuditAsync("server.updated", name));
        Assert.Contains("dropped: Authorization", update.Details);
    }

    [Fact]
    public async Task SameOrigin_RedactedHeaderKept_NewOriginWithHeaderEnteredAgain_Sent()
    {
        await using var first = await CaptureServer.StartAsync();
        await using var second = await CaptureServer.StartAsync();
        var admin = app.AdminClient();
        var operatorClient = await app.ClientWithNewKey(UniqueName("operator"), ConsoleRole.Operator);
        var id = await admin.CreateAsync(new
        {
            name = UniqueName("kept"), transport = "StreamableHttp", url = first.Origin + "/mcp", probeIntervalSeconds = 5, timeoutSeconds = 2,
            headers = new Dictionary<string, string> { ["Authorization"] = ProductionToken },
        });

        // Another path on the same origin keeps the secret.
        var samePlace = await (await operatorClient.PutAsJsonAsync($"/api/servers/{id}", new
        {
            url = first.Origin + "/v2/mcp", headers = new Dictionary<string, string> { ["Authorization"] = "<redacted>" },
        })).JsonAsync();
        Assert.False(samePlace.TryGetProperty("droppedSecrets", out _));
        await first.WaitForRequestAsync(r => r.PathAndQuery == "/v2/mcp" && r.Authorization == ProductionToken, TimeSpan.FromSeconds(30), "probe of /v2/mcp with the token");

        // A new origin with the value entered again in the same request: that value goes there.
        var moved = await operatorClient.PutAsJsonAsync($"/api/servers/{id}", new
        {
            url = second.Origin + "/mcp", headers = new Dictionary<string, string> { ["Authorization"] = "Bearer second-token" },
        });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        await second.WaitForRequestAsync(r => r.Authorization == "Bearer second-token", TimeSpan.FromSeconds(30), "probe with the new token");
        Assert.DoesNotContain(second.Requests, r => r.Authorization == ProductionToken);
    }

    [Fact]
    public async Task ImportOverExistingServer_NewOrigin_DropsStoredHeaders_AndSaysSo()
    {
        var admin = app.AdminClient();
        var name = UniqueName("imported");
        var id = await admin.CreateAsync(Http(name, "https://prod.example.com/mcp", new() { ["Authorization"] = ProductionToken }));
        var file = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["mcpServers"] = new Dictionary<string, object>
            {
                [name] = new { type = "http", url = "https://elsewhere.example.net/mcp", headers = new Dictionary<string, string> { ["Authorization"] = "<redacted>" } },
            },
        });

        var applied = await admin.PostAsync("/api/servers/import?dryRun=false", Raw(file));
        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        var preview = await applied.JsonAsync();
        Assert.Contains(preview.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("Authorization were dropped", StringComparison.Ordinal));
        var view = await (await admin.GetAsync($"/api/servers/{id}")).JsonAsync();
        Assert.Equal("https://elsewhere.example.net/mcp", view.GetProperty("url").GetString());
        Assert.Empty(view.GetProperty("headers").EnumerateObject());
    }
}
