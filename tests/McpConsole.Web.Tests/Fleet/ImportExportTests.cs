using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using McpConsole.Web.Features.Accounts;
using static McpConsole.Web.Tests.Fleet.FleetApi;

namespace McpConsole.Web.Tests.Fleet;

public sealed class ImportExportTests(ConsoleAppFixture app) : IClassFixture<ConsoleAppFixture>
{
    public static TheoryData<string, string, string[]> Formats => new()
    {
        { "McpServers", """{"mcpServers": {"%a": {"command": "npx", "args": ["-y", "pkg"]}, "%b": {"url": "https://b.example.com/mcp"}}}""", ["%a", "%b"] },
        { "VsCode", """{"servers": {"%a": {"type": "stdio", "command": "uvx", "args": ["x"]}, "%b": {"type": "sse", "url": "https://b.example.com/sse"}}}""", ["%a", "%b"] },
        { "RegistryServerJson", """{"name": "%a", "remotes": [{"type": "streamable-http", "url": "https://a.example.com/mcp"}]}""", ["%a"] },
        { "SeedDeployment", """{"hybrid_deployment": {"local_servers": {"%a": {"type": "stdio", "command": "uvx", "args": ["mcp-server-git"], "location": "on_premise"}}, "cloud_servers": {"%b": {"type": "http", "url": "https://s.example.com", "location": "cloud"}}}}""", ["%a", "%b"] },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task DryRun_EachFormat_PlansNewThenChangedAndUnchanged(string format, string template, string[] names)
    {
        var admin = app.AdminClient();
        var (a, b) = (UniqueName("imp-a"), UniqueName("imp-b"));
        var json = template.Replace("%a", a, StringComparison.Ordinal).Replace("%b", b, StringComparison.Ordinal);
        var expected = names.Select(n => n.Replace("%a", a, StringComparison.Ordinal).Replace("%b", b, StringComparison.Ordinal)).ToArray();

        var plan = await (await admin.PostAsync("/api/servers/import?dryRun=true", Raw(json))).JsonAsync();
        Assert.Equal(format, plan.GetProperty("format").GetString());
        Assert.False(plan.GetProperty("applied").GetBoolean());
        Assert.Equal(expected.Order(), Names(plan, "new").Order());
        Assert.Empty(Names(plan, "changed"));
        Assert.DoesNotContain(a, await admin.GetStringAsync("/api/servers"));

        var applied = await admin.PostAsync("/api/servers/import?dryRun=false", Raw(json));
        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        Assert.True((await applied.JsonAsync()).GetProperty("applied").GetBoolean());
        var list = await admin.GetStringAsync("/api/servers");
        Assert.All(expected, n => Assert.Contains(n, list));
        Assert.NotEmpty(await admin.AuditAsync("server.imported", expected[0]));

        var again = await (await admin.PostAsync("/api/servers/import?dryRun=true", Raw(json))).JsonAsync();
        Assert.Empty(Names(again, "new"));
        Assert.Equal(expected.Order(), Names(again, "unchanged").Order());

        // Change the first server's group in the registry is not a config field; change its location via the file instead.
        var id = IdOf(await admin.GetFromJsonAsync<JsonElement>("/api/servers"), expected[0]);
        await admin.PutAsJsonAsync($"/api/servers/{id}", new { tags = new[] { "kept" } });
        var third = await (await admin.PostAsync("/api/servers/import?dryRun=true", Raw(json.Replace("https://", "https://v2.", StringComparison.Ordinal)))).JsonAsync();
        if (format is "McpServers" or "VsCode" or "SeedDeployment")
        {
            var changed = Assert.Single(third.GetProperty("changed").EnumerateArray());
            Assert.Contains("Url", changed.GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
        }
    }

    [Fact]
    public async Task Malformed_Is400WithLine_AndNothingImported()
    {
        var admin = app.AdminClient();
        var name = UniqueName("broken");
        var json = "{\n  \"mcpServers\": {\n    \"" + name + "\": {\"command\": \"node\"},\n    \"other\": {\"command\": \"node\" \"args\": []}\n  }\n}";
        var response = await admin.PostAsync("/api/servers/import?dryRun=false", Raw(json));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Equal(4, problem.GetProperty("line").GetInt32());
        Assert.StartsWith("line 4:", problem.GetProperty("detail").GetString());
        Assert.DoesNotContain(name, await admin.GetStringAsync("/api/servers"));
    }

    [Fact]
    public async Task Apply_OneInvalidEntry_ImportsNothing()
    {
        var admin = app.AdminClient();
        var good = UniqueName("good");
        var json = $$$"""
            {"mcpServers": {
              "{{{good}}}": {"url": "https://good.example.com/mcp"},
              "bad": {"url": "not a url"}
            }}
            """;
        var response = await admin.PostAsync("/api/servers/import?dryRun=false", Raw(json));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(3, (await response.JsonAsync()).GetProperty("line").GetInt32());
        Assert.DoesNotContain(good, await admin.GetStringAsync("/api/servers"));
    }

    [Fact]
    public async Task Operator_ImportingStdio_Is403AndNothingImported_ButHttpOnlyApplies()
    {
        var op = await app.ClientWithNewKey("import-operator", ConsoleRole.Operator);
        var (http, stdio) = (UniqueName("op-imp-http"), UniqueName("op-imp-stdio"));
        var mixed = $$$"""{"mcpServers": {"{{{http}}}": {"url": "https://h.example.com/mcp"}, "{{{stdio}}}": {"command": "node"} } }""";

        var preview = await (await op.PostAsync("/api/servers/import?dryRun=true", Raw(mixed))).JsonAsync();
        Assert.True(preview.GetProperty("requiresAdmin").GetBoolean());
        Assert.Equal(HttpStatusCode.Forbidden, (await op.PostAsync("/api/servers/import?dryRun=false", Raw(mixed))).StatusCode);
        var list = await op.GetStringAsync("/api/servers");
        Assert.DoesNotContain(http, list);
        Assert.DoesNotContain(stdio, list);

        var httpOnly = $$$"""{"mcpServers": {"{{{http}}}": {"url": "https://h.example.com/mcp"} } }""";
        Assert.Equal(HttpStatusCode.OK, (await op.PostAsync("/api/servers/import?dryRun=false", Raw(httpOnly))).StatusCode);
        Assert.Contains(http, await op.GetStringAsync("/api/servers"));
    }

    [Fact]
    public async Task Export_RedactsByDefault_SecretsNeedAdmin_AndAreAudited()
    {
        var admin = app.AdminClient();
        var name = UniqueName("exported");
        await admin.CreateAsync(Http(name, headers: new() { ["Authorization"] = "Bearer export-sekrit-1" }));

        foreach (var format in new[] { "mcpServers", "vscode" })
        {
            var redacted = await admin.GetStringAsync($"/api/servers/export?format={format}");
            Assert.Contains(name, redacted);
            Assert.Contains("<redacted>", redacted);
            Assert.DoesNotContain("export-sekrit-1", redacted);
        }

        var op = await app.ClientWithNewKey("export-operator", ConsoleRole.Operator);
        Assert.Equal(HttpStatusCode.OK, (await op.GetAsync("/api/servers/export")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await op.GetAsync("/api/servers/export?includeSecrets=true")).StatusCode);

        var clear = await admin.GetStringAsync("/api/servers/export?format=vscode&includeSecrets=true");
        Assert.Contains("Bearer export-sekrit-1", clear);
        var audit = await admin.GetFromJsonAsync<AuditResultsDto>("/api/audit?action=server.exported&take=100");
        Assert.Contains(audit!.Items, e => e.Succeeded && e.Details!.Contains("secrets included", StringComparison.Ordinal));
        Assert.Contains(audit.Items, e => !e.Succeeded);

        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/servers/export?format=yaml")).StatusCode);
    }

    [Fact]
    public async Task Export_ThenReimport_IsUnchanged_AndKeepsSecrets()
    {
        var admin = app.AdminClient();
        var name = UniqueName("roundtrip");
        await admin.CreateAsync(Http(name, headers: new() { ["Authorization"] = "Bearer rt-sekrit" }));
        var exported = await admin.GetStringAsync("/api/servers/export?format=mcpServers");
        var plan = await (await admin.PostAsync("/api/servers/import?dryRun=true", Raw(exported))).JsonAsync();
        Assert.Contains(name, Names(plan, "unchanged"));
        Assert.DoesNotContain(name, Names(plan, "changed"));
    }

    private static string[] Names(JsonElement plan, string section) =>
        plan.GetProperty(section).EnumerateArray().Select(e => e.GetProperty("name").GetString()!).ToArray();

    private static int IdOf(JsonElement list, string name) =>
        list.EnumerateArray().Single(r => r.GetProperty("name").GetString() == name).GetProperty("id").GetInt32();
}
