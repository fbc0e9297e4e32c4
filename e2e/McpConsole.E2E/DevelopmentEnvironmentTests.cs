using System.Net.Http.Json;
using McpConsole.TestSupport;
using McpConsole.Web.Features.Alerts;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace McpConsole.E2E;

/// <summary>
/// The console as the README starts it: `dotnet run` means the Development environment (launchSettings.json), with
/// its own service-scope validation and static asset mapping. The rest of the suite runs in Production.
/// </summary>
public sealed class DevelopmentConsoleFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public ConsoleAppFactory App { get; } = new() { UseRealSocket = true, Environment = "Development" };
    public IBrowser Browser { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        _ = App.ServerAddress;
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-dev-shm-usage"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        await App.DisposeAsync();
    }
}

public sealed class DevelopmentEnvironmentTests(DevelopmentConsoleFixture fixture) : IClassFixture<DevelopmentConsoleFixture>
{
    [Fact]
    public async Task InDevelopment_LoginOverviewAndReportSendNow_Work()
    {
        await using var smtp = await SmtpTestServer.StartNewAsync();
        var api = fixture.App.CreateClient();
        api.DefaultRequestHeaders.Add("X-Api-Key", ConsoleAppFactory.BootstrapKey);
        (await api.PostAsJsonAsync("/api/alerts/channels", new ChannelInput("dev mail", ChannelKinds.Email, Host: "127.0.0.1", Port: smtp.SmtpPort,
            TlsMode: TlsModes.None, From: "console@example.com", To: "oncall@example.com"))).EnsureSuccessStatusCode();

        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = fixture.App.ServerAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1366, Height = 860 },
        });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/login");
        await page.GetByLabel("User name").FillAsync("admin");
        await page.GetByLabel("Password").FillAsync(ConsoleAppFactory.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await page.Locator("body[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Exact = true })).ToBeVisibleAsync();

        await page.GotoAsync("/alerts");
        await page.Locator("body[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.GetByRole(AriaRole.Tab, new() { Name = "Reports" }).ClickAsync();
        await page.GetByLabel("Report name").FillAsync("Dev weekly");
        await page.GetByLabel("Recipients").FillAsync("dev-manager@example.com");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create report" }).ClickAsync();
        await Expect(page.GetByTestId("report-message")).ToContainTextAsync("Report Dev weekly created.");

        await page.GetByRole(AriaRole.Button, new() { Name = "Send now: Dev weekly" }).ClickAsync();
        await Expect(page.GetByTestId("report-message")).ToContainTextAsync("queued");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Delivery history" }).ClickAsync();
        var row = page.GetByTestId("delivery").Filter(new() { HasText = "Dev weekly" });
        await Expect(row).ToContainTextAsync("Delivered", new() { Timeout = 30_000 });
        var mail = Assert.Single(await smtp.MessagesToAsync("dev-manager@example.com"));
        Assert.StartsWith("[McpConsole] Dev weekly: ", mail.Subject);
    }
}
