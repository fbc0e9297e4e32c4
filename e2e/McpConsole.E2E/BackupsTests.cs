using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace McpConsole.E2E;

public sealed class BackupsTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task BackupNow_AppearsVerified_ThenRestoresThroughPreviewAndTypedConfirmation()
    {
        await LoginAsync();
        await Page.GotoAsync("/backups");
        await WaitUntilInteractiveAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Backups", Exact = true })).ToBeVisibleAsync();

        await Page.GetByRole(AriaRole.Button, new() { Name = "Backup now" }).ClickAsync();
        var message = Page.GetByTestId("backup-message");
        await Expect(message).ToContainTextAsync(new Regex("Backup .*: Verified"), new() { Timeout = 30_000 });
        var id = Regex.Match(await message.InnerTextAsync(), @"Backup (\S+):").Groups[1].Value;
        var row = Page.GetByRole(AriaRole.Row).Filter(new() { Has = Page.GetByRole(AriaRole.Button, new() { Name = $"Restore {id}" }) });
        await Expect(row.GetByTestId("backup-status")).ToHaveTextAsync("Verified");
        await ScreenshotAsync("verified");

        await row.GetByRole(AriaRole.Button, new() { Name = $"Restore {id}" }).ClickAsync();
        var panel = Page.GetByTestId("restore-panel");
        await Expect(panel).ToContainTextAsync("console.db");
        await Expect(panel).ToContainTextAsync("replaced");
        var confirm = panel.GetByRole(AriaRole.Button, new() { Name = "Restore this backup" });
        await Expect(confirm).ToBeDisabledAsync();
        await panel.GetByLabel("Type the backup id to confirm").FillAsync("yes");
        await Expect(confirm).ToBeDisabledAsync();
        await panel.GetByLabel("Type the backup id to confirm").FillAsync(id);
        await Expect(confirm).ToBeEnabledAsync();
        await ScreenshotAsync("preview");
        await AssertAccessibleAsync();

        await confirm.ClickAsync();
        await Expect(message).ToContainTextAsync($"Restored {id}", new() { Timeout = 30_000 });
        await Expect(Page.GetByText("safety", new() { Exact = true }).First).ToBeVisibleAsync();
        await ScreenshotAsync("restored");

        // The console keeps working on the restored database without a restart.
        await Page.ReloadAsync();
        await WaitUntilInteractiveAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Backups", Exact = true })).ToBeVisibleAsync();
    }
}
