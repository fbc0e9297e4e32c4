using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace McpConsole.E2E;

[Collection(BrowserCollection.Name)]
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

    [Fact]
    public async Task Admin_AddsAFolderSource_EditsAndDeletesAPlan_BacksUpAndDeletesTheBackup()
    {
        var folder = Path.Combine(Path.GetTempPath(), "mcpconsole-e2e", "source-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "servers.json"), "{\"mcpServers\": {}}");
        var name = "e2e-config-" + Guid.NewGuid().ToString("N")[..6];

        await LoginAsync();
        await Page.GotoAsync("/backups");
        await WaitUntilInteractiveAsync();

        // A relative path is refused with the reason; the absolute one is accepted and listed.
        await Page.GetByLabel("Source name").FillAsync(name);
        await Page.GetByLabel("Absolute path").FillAsync("relative/path");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Add source" }).ClickAsync();
        await Expect(Page.GetByTestId("source-error")).ToContainTextAsync("absolute");
        await Page.GetByLabel("Absolute path").FillAsync(folder);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Add source" }).ClickAsync();
        var sources = Page.GetByTestId("backup-sources");
        await Expect(sources).ToContainTextAsync(folder);

        // A plan for it, then edited: the table shows the new schedule and retention.
        await Page.GetByLabel("Name", new() { Exact = true }).FillAsync(name + "-plan");
        await Page.GetByLabel("Cron (UTC)").FillAsync("30 3 * * *");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create plan" }).ClickAsync();
        var plans = Page.GetByTestId("backup-plans");
        var planRow = plans.GetByRole(AriaRole.Row).Filter(new() { HasText = name + "-plan" });
        await Expect(planRow).ToContainTextAsync("30 3 * * *");
        await Page.GetByRole(AriaRole.Button, new() { Name = $"Edit plan {name}-plan" }).ClickAsync();
        await Page.GetByLabel("Cron (UTC)").FillAsync("0 4 * * 1");
        await Page.GetByLabel("Keep last").FillAsync("9");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save plan" }).ClickAsync();
        await Expect(planRow).ToContainTextAsync("0 4 * * 1");
        await Expect(planRow).ToContainTextAsync("9 / 7 / 4 / 6");
        await ScreenshotAsync("plans-and-sources");
        await AssertAccessibleAsync();

        await Page.GetByRole(AriaRole.Button, new() { Name = $"Delete plan {name}-plan" }).ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = $"Confirm delete plan {name}-plan" }).ClickAsync();
        await Expect(planRow).ToHaveCountAsync(0);

        // Back up the new source, then delete that backup (two steps: Delete, then Delete for good).
        await Page.GetByLabel("Source", new() { Exact = true }).ClickAsync();
        await Page.GetByRole(AriaRole.Option, new() { Name = name }).ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Backup now" }).ClickAsync();
        var message = Page.GetByTestId("backup-message");
        await Expect(message).ToContainTextAsync(new Regex("Backup .*: Verified"), new() { Timeout = 30_000 });
        var id = Regex.Match(await message.InnerTextAsync(), @"Backup (\S+):").Groups[1].Value;
        await Page.GetByRole(AriaRole.Button, new() { Name = $"Delete {id}" }).ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = $"Confirm delete {id}" }).ClickAsync();
        await Expect(message).ToContainTextAsync($"Deleted {id}");
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = $"Restore {id}" })).ToHaveCountAsync(0);

        await Page.GetByRole(AriaRole.Button, new() { Name = $"Delete source {name}" }).ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = $"Confirm delete source {name}" }).ClickAsync();
        await Expect(sources).Not.ToContainTextAsync(folder);
        await ScreenshotAsync("after-deletes");
    }
}
