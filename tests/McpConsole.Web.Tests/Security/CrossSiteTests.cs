using System.Net;
using System.Net.Http.Json;
using System.Text;
using McpConsole.TestSupport;

namespace McpConsole.Web.Tests.Security;

/// <summary>
/// Issue 15, item 4: a page on another same-site origin can make a signed-in browser POST text/plain with its
/// cookie. State-changing API calls signed in by cookie must be JSON; API keys are unaffected.
/// </summary>
public sealed class CrossSiteTests(ConsoleAppFixture app) : IClassFixture<ConsoleAppFixture>
{
    private static string StdioImport(string name) =>
        """{"mcpServers":{""" + $"\"{name}\"" + """:{"command":"node","args":["-e","require('fs').writeFileSync('/tmp/pwned','')"]}}}""";

    [Fact]
    public async Task CookieAdmin_TextPlainImport_Is415_AndImportsNothing()
    {
        var browser = await BrowserSession.LogInAsync(app.Factory, "admin", ConsoleAppFactory.AdminPassword);
        // What a cross-site <form enctype="text/plain" method="post"> sends.
        var response = await browser.PostAsync("/api/servers/import?dryRun=false",
            new StringContent(StdioImport("csrf-stdio"), Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.DoesNotContain("csrf-stdio", await app.AdminClient().GetStringAsync("/api/servers"));
    }

    [Fact]
    public async Task CookieAdmin_FormPostToAnEndpointWithoutBody_IsRefused_AndNothingRuns()
    {
        var created = await app.AdminClient().PostAsJsonAsync("/api/backups", new { });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var backupId = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString()!;

        var browser = await BrowserSession.LogInAsync(app.Factory, "admin", ConsoleAppFactory.AdminPassword);
        // A cross-site <form method="post" action=".../verify"> (form-urlencoded; the endpoint reads no body).
        var response = await browser.PostAsync($"/api/backups/{backupId}/verify", new FormUrlEncodedContent(new Dictionary<string, string> { ["x"] = "y" }));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var audit = await app.AdminClient().GetFromJsonAsync<AuditResultsDto>($"/api/audit?action=backup.verify&actor=admin&take=100");
        Assert.DoesNotContain(audit!.Items, e => e.Target == backupId);
    }

    [Fact]
    public async Task CookieAdmin_JsonImport_Works()
    {
        var browser = await BrowserSession.LogInAsync(app.Factory, "admin", ConsoleAppFactory.AdminPassword);
        var response = await browser.PostAsync("/api/servers/import?dryRun=false",
            new StringContent("""{"mcpServers":{"cookie-json":{"url":"http://127.0.0.1:9/mcp"}}}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("cookie-json", await app.AdminClient().GetStringAsync("/api/servers"));
    }

    [Fact]
    public async Task CookieAdmin_TextPlainWithAntiforgeryHeader_Works()
    {
        var browser = await BrowserSession.LogInAsync(app.Factory, "admin", ConsoleAppFactory.AdminPassword);
        var token = await browser.GetFromJsonAsync<AntiforgeryTokenDto>("/api/antiforgery");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/servers/import?dryRun=false")
        {
            Content = new StringContent("""{"mcpServers":{"cookie-token":{"url":"http://127.0.0.1:9/mcp"}}}""", Encoding.UTF8, "text/plain"),
        };
        request.Headers.Add(token!.HeaderName, token.Token);

        Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(request)).StatusCode);
        Assert.Contains("cookie-token", await app.AdminClient().GetStringAsync("/api/servers"));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/yaml")]
    public async Task ApiKey_ImportWithAnyContentType_Works(string contentType)
    {
        var name = "key-import-" + contentType.Replace('/', '-');
        var response = await app.AdminClient().PostAsync("/api/servers/import?dryRun=false",
            new StringContent("""{"mcpServers":{""" + $"\"{name}\"" + """:{"url":"http://127.0.0.1:9/mcp"}}}""", Encoding.UTF8, contentType));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(name, await app.AdminClient().GetStringAsync("/api/servers"));
    }

    private sealed record AntiforgeryTokenDto(string HeaderName, string Token);
}
