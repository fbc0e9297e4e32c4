using System.Net;
using System.Net.Http.Json;
using McpConsole.Web.Features.Accounts;
using McpConsole.Web.Features.Fleet;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using static McpConsole.Web.Tests.Fleet.FleetApi;

namespace McpConsole.Web.Tests.Fleet;

public sealed class ServerApiTests(ConsoleAppFixture app) : IClassFixture<ConsoleAppFixture>
{
    [Fact]
    public async Task Crud_CreateReadUpdateDelete_RoundTripsAndAudits()
    {
        var admin = app.AdminClient();
        var name = UniqueName("crud");
        var id = await admin.CreateAsync(Http(name));

        var view = await (await admin.GetAsync($"/api/servers/{id}")).JsonAsync();
        Assert.Equal(name, view.GetProperty("name").GetString());
        Assert.Equal("StreamableHttp", view.GetProperty("transport").GetString());
        Assert.Equal(30, view.GetProperty("probeIntervalSeconds").GetInt32());

        var put = await admin.PutAsJsonAsync($"/api/servers/{id}", new { url = "https://other.example.com/mcp", group = "core" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var updated = await put.JsonAsync();
        Assert.Equal("https://other.example.com/mcp", updated.GetProperty("url").GetString());
        Assert.Equal("core", updated.GetProperty("group").GetString());
        Assert.Equal("cloud", updated.GetProperty("location").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/servers/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/servers/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/servers/{id}")).StatusCode);

        Assert.Single(await admin.AuditAsync("server.created", name));
        var update = Assert.Single(await admin.AuditAsync("server.updated", name));
        Assert.Contains("Url", update.Details);
        Assert.Contains("Group", update.Details);
        Assert.Single(await admin.AuditAsync("server.deleted", name));
    }

    [Fact]
    public async Task MetricsUrl_SetOnCreate_ChangedAndClearedWithPut_Validated_Audited()
    {
        var admin = app.AdminClient();
        var name = UniqueName("metrics-url");
        var id = await admin.CreateAsync(new { name, transport = "StreamableHttp", url = "https://mcp.example.com/mcp", metricsUrl = "http://127.0.0.1:9100/metrics" });
        Assert.Equal("http://127.0.0.1:9100/metrics", (await (await admin.GetAsync($"/api/servers/{id}")).JsonAsync()).GetProperty("metricsUrl").GetString());

        // Omitted: kept. Given: replaced. Empty: back to the server's own /metrics.
        var kept = await (await admin.PutAsJsonAsync($"/api/servers/{id}", new { group = "core" })).JsonAsync();
        Assert.Equal("http://127.0.0.1:9100/metrics", kept.GetProperty("metricsUrl").GetString());
        var moved = await admin.PutAsJsonAsync($"/api/servers/{id}", new { metricsUrl = "https://metrics.example.com/mcp/prom" });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal("https://metrics.example.com/mcp/prom", (await admin.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/servers/{id}")).GetProperty("metricsUrl").GetString());

        foreach (var bad in new[] { "ftp://127.0.0.1/metrics", "/metrics", "not a url", "https://" + new string('a', 2000) + ".example.com/" })
        {
            var refused = await admin.PutAsJsonAsync($"/api/servers/{id}", new { metricsUrl = bad });
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("absolute http", (await refused.JsonAsync()).GetProperty("errors").GetProperty("metricsUrl")[0].GetString());
        }

        var invalidCreate = await admin.PostAsJsonAsync("/api/servers", new { name = UniqueName("metrics-bad"), transport = "StreamableHttp", url = "https://mcp.example.com/mcp", metricsUrl = "file:///etc/passwd" });
        Assert.Equal(HttpStatusCode.BadRequest, invalidCreate.StatusCode);

        var cleared = await (await admin.PutAsJsonAsync($"/api/servers/{id}", new { metricsUrl = "" })).JsonAsync();
        Assert.Equal(System.Text.Json.JsonValueKind.Null, cleared.GetProperty("metricsUrl").ValueKind);

        var updates = await admin.AuditAsync("server.updated", name);
        // Moved and cleared; the refused changes saved nothing, and the group change did not touch it.
        Assert.Equal(2, updates.Count(u => u.Details?.Contains("MetricsUrl", StringComparison.Ordinal) == true));
        Assert.Contains(updates, u => u.Details?.Contains("changed: Group", StringComparison.Ordinal) == true && !u.Details.Contains("MetricsUrl", StringComparison.Ordinal));
    }

    [Fact]
    public async Task List_NewServer_IsUnknownWithStatusFields()
    {
        var admin = app.AdminClient();
        var name = UniqueName("listed");
        await admin.CreateAsync(Http(name));

        var list = await (await admin.GetAsync("/api/servers")).JsonAsync();
        var row = list.EnumerateArray().Single(r => r.GetProperty("name").GetString() == name);
        Assert.Equal("Unknown", row.GetProperty("state").GetString());
        foreach (var field in new[] { "id", "transport", "stateReason", "lastCheckedAt", "latencyMs", "protocolVersion", "toolCount", "resourceCount", "promptCount", "catalogHash", "group", "location", "tags", "enabled" })
            Assert.True(row.TryGetProperty(field, out _), $"missing {field}");
        Assert.Equal("edge", row.GetProperty("group").GetString());
    }

    [Fact]
    public async Task Create_Invalid_Is400WithFieldErrors()
    {
        var response = await app.AdminClient().PostAsJsonAsync("/api/servers",
            new { name = " padded ", transport = "StreamableHttp", url = "ftp://nope", probeIntervalSeconds = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.JsonAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _));
        Assert.Contains("absolute http", errors.GetProperty("url")[0].GetString());
        Assert.True(errors.TryGetProperty("probeIntervalSeconds", out _));
    }

    [Fact]
    public async Task Create_DuplicateName_Is409_CaseInsensitive()
    {
        var admin = app.AdminClient();
        var name = UniqueName("dup");
        await admin.CreateAsync(Http(name));
        var response = await admin.PostAsJsonAsync("/api/servers", Http(name.ToUpperInvariant()));
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("already exists", (await response.JsonAsync()).GetProperty("errors").GetProperty("name")[0].GetString());
    }

    [Fact]
    public async Task Secrets_AreEncryptedAtRest_RedactedInResponses_AndKeptOnRedactedPut()
    {
        var admin = app.AdminClient();
        const string token = "Bearer sekrit-header-value-4711";
        const string envSecret = "sekrit-env-value-0815";
        var httpName = UniqueName("secret-http");
        var stdioName = UniqueName("secret-stdio");
        var httpId = await admin.CreateAsync(Http(httpName, headers: new() { ["Authorization"] = token }));
        var stdioId = await admin.CreateAsync(Stdio(stdioName, env: new() { ["API_KEY"] = envSecret }));

        var view = await admin.GetStringAsync($"/api/servers/{httpId}");
        Assert.Equal("<redacted>", System.Text.Json.JsonDocument.Parse(view).RootElement.GetProperty("headers").GetProperty("Authorization").GetString());
        Assert.DoesNotContain("sekrit", view);
        Assert.DoesNotContain("sekrit", await admin.GetStringAsync($"/api/servers/{stdioId}"));
        Assert.DoesNotContain("sekrit", await admin.GetStringAsync("/api/servers"));

        // A client sends back what it read: the secret must survive.
        var body = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/servers/{httpId}");
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync($"/api/servers/{httpId}", Raw(body.GetRawText()))).StatusCode);
        var registry = app.Factory.Services.GetRequiredService<ServerRegistry>();
        Assert.Equal(token, (await registry.GetDefinitionForProbingAsync(httpId))!.Definition.Headers["Authorization"]);
        Assert.Equal(envSecret, (await registry.GetDefinitionForProbingAsync(stdioId))!.Definition.Environment["API_KEY"]);

        await using var connection = new SqliteConnection($"Data Source={Path.Combine(app.Factory.DataDirectory, "console.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Name, coalesce(EnvironmentProtected,''), coalesce(HeadersProtected,'') FROM Servers";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = 0;
        while (await reader.ReadAsync())
        {
            rows++;
            var raw = reader.GetString(1) + reader.GetString(2);
            Assert.DoesNotContain("sekrit", raw);
            if (reader.GetString(0) == httpName)
                Assert.NotEmpty(reader.GetString(2));
        }

        Assert.True(rows >= 2);
        foreach (var entry in (await admin.AuditAsync("server.", stdioName)).Concat(await admin.AuditAsync("server.", httpName)))
            Assert.DoesNotContain("sekrit", entry.Details);
    }

    [Fact]
    public async Task Put_RedactedValueForUnknownKey_Is400()
    {
        var admin = app.AdminClient();
        var id = await admin.CreateAsync(Http(UniqueName("redacted-new")));
        var response = await admin.PutAsJsonAsync($"/api/servers/{id}", new { headers = new Dictionary<string, string> { ["X-New"] = "<redacted>" } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("no stored value", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Operator_CannotCreateStdio_ButCanCreateHttp()
    {
        var op = await app.ClientWithNewKey("fleet-operator-1", ConsoleRole.Operator);
        var stdioName = UniqueName("op-stdio");
        var refused = await op.PostAsJsonAsync("/api/servers", Stdio(stdioName));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("Admin", await refused.Content.ReadAsStringAsync());
        Assert.DoesNotContain(stdioName, await op.GetStringAsync("/api/servers"));
        var audit = Assert.Single(await app.AdminClient().AuditAsync("server.stdio_command_changed", stdioName));
        Assert.False(audit.Succeeded);

        await op.CreateAsync(Http(UniqueName("op-http")));
    }

    [Fact]
    public async Task Operator_CannotChangeStdioCommand_ButCanChangeItsGroup()
    {
        var admin = app.AdminClient();
        var name = UniqueName("stdio-guard");
        var id = await admin.CreateAsync(Stdio(name, env: new() { ["TOKEN"] = "sekrit-x" }));
        var created = Assert.Single(await admin.AuditAsync("server.stdio_command_changed", name));
        Assert.Contains("node server.js --port 0", created.Details);
        Assert.Contains("TOKEN", created.Details);
        Assert.DoesNotContain("sekrit", created.Details);

        var op = await app.ClientWithNewKey("fleet-operator-2", ConsoleRole.Operator);
        Assert.Equal(HttpStatusCode.Forbidden, (await op.PutAsJsonAsync($"/api/servers/{id}", new { command = "bash" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await op.PutAsJsonAsync($"/api/servers/{id}", new { environment = new Dictionary<string, string> { ["TOKEN"] = "other" } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await op.PutAsJsonAsync($"/api/servers/{id}", new { transport = "StreamableHttp", url = "https://x.example.com/mcp" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await op.PutAsJsonAsync($"/api/servers/{id}", new { group = "ops", environment = new Dictionary<string, string> { ["TOKEN"] = "<redacted>" } })).StatusCode);

        var view = await (await admin.GetAsync($"/api/servers/{id}")).JsonAsync();
        Assert.Equal("node", view.GetProperty("command").GetString());
        Assert.Equal("ops", view.GetProperty("group").GetString());

        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/servers/{id}", new { command = "python3" })).StatusCode);
        Assert.Contains(await admin.AuditAsync("server.stdio_command_changed", name), e => e.Succeeded && e.Details!.StartsWith("python3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Viewer_ReadsButCannotChange()
    {
        var admin = app.AdminClient();
        var id = await admin.CreateAsync(Http(UniqueName("viewer-target")));
        var viewer = await app.ClientWithNewKey("fleet-viewer", ConsoleRole.Viewer);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/servers")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/api/servers/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/api/servers", Http(UniqueName("v")))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PutAsJsonAsync($"/api/servers/{id}", new { group = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.DeleteAsync($"/api/servers/{id}")).StatusCode);
    }

    [Fact]
    public async Task Changes_ArePublishedToSubscribers()
    {
        var changes = app.Factory.Services.GetRequiredService<IRegistryChanges>();
        var seen = new List<RegistryChange>();
        using (changes.Subscribe(c => { lock (seen) seen.Add(c); }))
        {
            var admin = app.AdminClient();
            var id = await admin.CreateAsync(Http(UniqueName("events")));
            await admin.PutAsJsonAsync($"/api/servers/{id}", new { group = "g2" });
            await admin.DeleteAsync($"/api/servers/{id}");
            lock (seen)
            {
                Assert.Equal([RegistryChangeKind.Created, RegistryChangeKind.Updated, RegistryChangeKind.Deleted],
                    seen.Where(c => c.ServerId == id).Select(c => c.Kind));
            }
        }
    }
}
