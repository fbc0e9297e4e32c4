using System.Net;
using System.Net.Http.Json;
using McpConsole.TestSupport;
using McpConsole.Web.Features.Accounts;
using Microsoft.AspNetCore.Mvc.Testing;

namespace McpConsole.Web.Tests.Api;

public sealed class ApiAccessTests(ConsoleAppFixture app) : IClassFixture<ConsoleAppFixture>
{
    [Fact]
    public async Task Api_WithoutKey_Is401WithProblemDetails()
    {
        var response = await app.Factory.CreateClient().GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("X-Api-Key", ConsoleAppFactory.BootstrapKey)]
    [InlineData("Authorization", "Bearer " + ConsoleAppFactory.BootstrapKey)]
    public async Task Api_WithBootstrapKey_Is200AndNamesTheKey(string header, string value)
    {
        var client = app.Factory.CreateClient();
        client.DefaultRequestHeaders.Add(header, value);
        var me = await client.GetFromJsonAsync<Me>("/api/me");
        Assert.Equal("Admin", me!.Role);
        Assert.StartsWith("key:bootstrap", me.Name);
    }

    [Fact]
    public async Task Api_WithWrongKey_Is401AndAudited()
    {
        var client = app.Factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", "not-a-key-at-all-0000000000");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);

        var audit = await app.AdminClient().GetFromJsonAsync<AuditResultsDto>("/api/audit?action=apikey.used&failuresOnly=true");
        Assert.Contains(audit!.Items, e => e.Details == "unknown key");
    }

    [Fact]
    public async Task ViewerKey_OnAdminRoute_Is403_ButReadsOwnIdentity()
    {
        var viewer = await app.ClientWithNewKey("viewer-automation", ConsoleRole.Viewer);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/api/apikeys")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/api/users")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/api/audit")).StatusCode);
    }

    [Fact]
    public async Task OperatorKey_ReadsAudit_ButCannotCreateKeys()
    {
        var op = await app.ClientWithNewKey("operator-automation", ConsoleRole.Operator);
        Assert.Equal(HttpStatusCode.OK, (await op.GetAsync("/api/audit")).StatusCode);
        var create = await op.PostAsJsonAsync("/api/apikeys", new { name = "sneaky", role = "Admin" });
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
    }

    [Fact]
    public async Task RevokedKey_StopsWorkingAtOnce()
    {
        var admin = app.AdminClient();
        var created = await (await admin.PostAsJsonAsync("/api/apikeys", new { name = "short-lived", role = "Viewer" }))
            .Content.ReadFromJsonAsync<CreatedKeyDto>();
        var client = app.Factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", created!.Secret);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/apikeys/{created.Key.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task ApiKeyList_NeverContainsSecrets()
    {
        var admin = app.AdminClient();
        var created = await (await admin.PostAsJsonAsync("/api/apikeys", new { name = "listed", role = "Viewer" }))
            .Content.ReadFromJsonAsync<CreatedKeyDto>();
        var list = await admin.GetStringAsync("/api/apikeys");
        Assert.Contains(created!.Key.Prefix, list);
        Assert.DoesNotContain(created.Secret, list);
        Assert.DoesNotContain(ConsoleAppFactory.BootstrapKey, list);
    }

    [Fact]
    public async Task CreatingUser_WithShortPassword_IsRefusedWithReason()
    {
        var response = await app.AdminClient().PostAsJsonAsync("/api/users", new { userName = "shorty", password = "short", role = "Viewer" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("at least 12 characters", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UnknownApiRoute_Is404ProblemDetails_NotAPage()
    {
        var response = await app.AdminClient().GetAsync("/api/does-not-exist");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task OpenApiDocument_ListsTheApi_AndNeedsAuth()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Factory.CreateClient().GetAsync("/api/openapi.json")).StatusCode);
        var doc = await app.AdminClient().GetStringAsync("/api/openapi.json");
        Assert.Contains("\"/api/apikeys\"", doc);
        Assert.Contains("\"/api/audit\"", doc);
    }

    [Fact]
    public async Task AnonymousPage_RedirectsToLogin_WithReturnUrl()
    {
        var client = app.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await client.GetAsync("/servers");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login?ReturnUrl=%2Fservers", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task UnknownPage_Is404WithThePlainNotFoundPage()
    {
        var response = await app.AdminClient().GetAsync("/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page not found", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task JobsDashboard_IsForAdminsOnly()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Factory.CreateClient().GetAsync("/jobs")).StatusCode);
        var op = await app.ClientWithNewKey("operator-jobs", ConsoleRole.Operator);
        Assert.Equal(HttpStatusCode.Forbidden, (await op.GetAsync("/jobs")).StatusCode);
        var admin = await app.AdminClient().GetAsync("/jobs");
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.Contains("McpConsole jobs", await admin.Content.ReadAsStringAsync());
    }

    private sealed record Me(string Name, string? Role, string? AuthenticatedBy);
}
