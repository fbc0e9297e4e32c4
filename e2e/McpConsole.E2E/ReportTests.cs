using System.Net.Http.Json;
using McpConsole.TestSupport;
using McpConsole.Web.Features.Alerts;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace McpConsole.E2E;

/// <summary>Issue 9's browser journey: create a report, preview it, Send now, and see the delivery in the history.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReportTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task CreateReport_Preview_SendNow_DeliveryAppearsInHistory()
    {
        await using var smtp = await SmtpTestServer.StartNewAsync();
        var api = Fixture.App.CreateClient();
        api.DefaultRequestHeaders.Add("X-Api-Key", ConsoleAppFactory.BootstrapKey);
        (await api.PostAsJsonAsync("/api/alerts/channels", new ChannelInput("e2e mail", ChannelKinds.Email, Host: "127.0.0.1", Port: smtp.SmtpPort,
            TlsMode: TlsModes.None, From: "console@example.com", To: "oncall@example.com"))).EnsureSuccessStatusCode();

        await LoginAsync();
        await Page.GotoAsync("/alerts");
        await WaitUntilInteractiveAsync();
        await Page.GetByRole(AriaRole.Tab, new() { Name = "Reports" }).ClickAsync();
        await Page.GetByLabel("Report name").FillAsync("Weekly for managers");
        await Page.GetByLabel("Time zone").FillAsync("Europe/Berlin");
        await Page.GetByLabel("Recipients").FillAsync("manager@example.com");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create report" }).ClickAsync();
        await Expect(Page.GetByTestId("report-message")).ToContainTextAsync("Report Weekly for managers created.");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Preview Weekly for managers" }).ClickAsync();
        var preview = Page.FrameLocator("iframe[title='Report preview']");
        await Expect(preview.GetByRole(AriaRole.Heading, new() { Name = "Fleet health and availability" })).ToBeVisibleAsync();
        // Every section has its data now: the costs section shows its headline, not a placeholder.
        await Expect(preview.GetByRole(AriaRole.Heading, new() { Name = "Costs and recommendations" })).ToBeVisibleAsync();
        await Expect(preview.Locator("[data-section='costs']")).ToBeVisibleAsync();
        await Expect(preview.Locator("body")).Not.ToContainTextAsync("No data source yet");
        await ScreenshotAsync("preview");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Send now: Weekly for managers" }).ClickAsync();
        await Expect(Page.GetByTestId("report-message")).ToContainTextAsync("queued");
        await Page.GetByRole(AriaRole.Tab, new() { Name = "Delivery history" }).ClickAsync();
        var row = Page.GetByTestId("delivery").Filter(new() { HasText = "Weekly for managers" });
        await Expect(row).ToContainTextAsync("Delivered", new() { Timeout = 30_000 });
        await Expect(row).ToContainTextAsync("manager@example.com");
        await ScreenshotAsync("history");
        await AssertAccessibleAsync();

        await Expect(Page.GetByTestId("delivery-count")).ToContainTextAsync("page 1 of 1");

        var mail = Assert.Single(await smtp.MessagesToAsync("manager@example.com"));
        Assert.StartsWith("[McpConsole] Weekly for managers: ", mail.Subject);

        // Edit it (the form fills with the report's values), then delete it after confirming.
        await Page.GetByRole(AriaRole.Tab, new() { Name = "Reports" }).ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Edit Weekly for managers" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Edit report Weekly for managers" })).ToBeVisibleAsync();
        await Expect(Page.GetByLabel("Time zone")).ToHaveValueAsync("Europe/Berlin");
        await Page.GetByLabel("Recipients").FillAsync("manager@example.com, director@example.com");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save report" }).ClickAsync();
        await Expect(Page.GetByTestId("report-message")).ToContainTextAsync("Report Weekly for managers saved.");
        var reportRow = Page.GetByTestId("report-row").Filter(new() { HasText = "Weekly for managers" });
        await Expect(reportRow).ToContainTextAsync("director@example.com");
        await ScreenshotAsync("edited");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Delete Weekly for managers" }).ClickAsync();
        var dialog = Page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync("Delete the report 'Weekly for managers'?");
        await AssertAccessibleAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(Page.GetByTestId("report-message")).ToContainTextAsync("Report Weekly for managers deleted.");
        await Expect(reportRow).ToHaveCountAsync(0);
        var audit = await api.GetStringAsync("/api/audit?action=reports.delete&take=20");
        Assert.Contains("Weekly for managers", audit);
    }
}
