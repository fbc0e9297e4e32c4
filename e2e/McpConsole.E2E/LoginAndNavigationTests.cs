using System.Net.Http.Json;
using System.Text.RegularExpressions;
using McpConsole.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace McpConsole.E2E;

[Collection(BrowserCollection.Name)]
public sealed class LoginAndNavigationTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private static readonly (string Link, string Heading)[] Areas =
    [
        ("Servers", "Servers"), ("Topology", "Topology"), ("Failover", "Failover"), ("Backups", "Backups"),
        ("Costs", "Costs"), ("Alerts and reports", "Alerts and reports"), ("Audit", "Audit"),
        ("Jobs", "Jobs"), ("Users and API keys", "Users and API keys"), ("Overview", "Overview"),
    ];

    [Fact]
    public async Task AnonymousVisit_IsSentToLogin()
    {
        await Page.GotoAsync("/failover");
        await Expect(Page).ToHaveURLAsync(new Regex("/login\\?ReturnUrl=%2Ffailover$"));
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Log in" })).ToBeVisibleAsync();
        await ScreenshotAsync();
        await AssertAccessibleAsync();
    }

    [Fact]
    public async Task WrongPassword_IsRefusedWithAMessage()
    {
        await Page.GotoAsync("/login");
        await Page.GetByLabel("User name").FillAsync("admin");
        await Page.GetByLabel("Password").FillAsync("not-the-password");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();

        await Expect(Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Wrong user name or password.");
        await Expect(Page).ToHaveURLAsync(new Regex("/login"));
        await ScreenshotAsync();
    }

    [Fact]
    public async Task Admin_LogsIn_VisitsEveryArea_AndLogsOut()
    {
        await LoginAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Level = 1 })).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("current-user")).ToContainTextAsync("admin · Admin");
        await AssertAccessibleAsync();

        var nav = Page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" });
        foreach (var (link, heading) in Areas)
        {
            await nav.GetByRole(AriaRole.Link, new() { Name = link, Exact = true }).ClickAsync();
            await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 })).ToBeVisibleAsync();
            await ScreenshotAsync(link.Replace(' ', '-').ToLowerInvariant());
        }

        await Page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Log in" })).ToBeVisibleAsync();
        await Page.GotoAsync("/");
        await Expect(Page).ToHaveURLAsync(new Regex("/login\\?ReturnUrl=%2F$"));
    }

    [Fact]
    public async Task Viewer_CannotOpenAnOperatorPage()
    {
        using var admin = Fixture.App.CreateClient();
        admin.DefaultRequestHeaders.Add("X-Api-Key", ConsoleAppFactory.BootstrapKey);
        var created = await admin.PostAsJsonAsync("/api/users", new { userName = "viewer-e2e", password = "viewer-password-1", role = "Viewer" });
        created.EnsureSuccessStatusCode();

        await LoginAsync("viewer-e2e", "viewer-password-1");
        var nav = Page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" });
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Servers" })).ToBeVisibleAsync();
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Audit" })).ToHaveCountAsync(0);

        await Page.GotoAsync("/audit");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "You do not have access to that page" })).ToBeVisibleAsync();
        await ScreenshotAsync();
        await AssertAccessibleAsync();
    }

    [Fact]
    public async Task Admin_CreatesApiKey_ShownOnce_AndItWorks()
    {
        await LoginAsync();
        await Page.GotoAsync("/settings");
        await WaitUntilInteractiveAsync();
        await Page.GetByLabel("Key name").FillAsync("prometheus-e2e");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();

        var shown = Page.GetByTestId("new-api-key");
        await Expect(shown).ToContainTextAsync("mcpc_");
        var secret = await shown.Locator("code").InnerTextAsync();
        await Expect(Page.GetByRole(AriaRole.Cell, new() { Name = "prometheus-e2e" })).ToBeVisibleAsync();
        await ScreenshotAsync();

        var response = await Page.APIRequest.GetAsync("/metrics", new() { Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer " + secret } });
        Assert.Equal(200, response.Status);
        Assert.Contains("process_cpu_seconds_total", await response.TextAsync());
    }

    [Fact]
    public async Task DarkTheme_IsRemembered_AcrossReloads()
    {
        await LoginAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Switch to dark theme" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Switch to light theme" })).ToBeVisibleAsync();
        await Page.ReloadAsync();
        await WaitUntilInteractiveAsync();
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Switch to light theme" })).ToBeVisibleAsync();
        await ScreenshotAsync();
        await AssertAccessibleAsync();
    }
}
