using System.Runtime.CompilerServices;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using McpConsole.TestSupport;
using Microsoft.Playwright;

namespace McpConsole.E2E;

/// <summary>
/// Shared steps of the browser tests: log in, wait for the live circuit, screenshot, accessibility check. Each test
/// class names its collection: <see cref="BrowserCollection"/> (the shared console) unless it must not share one.
/// </summary>
public abstract class BrowserTest(BrowserFixture fixture) : IAsyncLifetime
{
    protected BrowserFixture Fixture { get; } = fixture;
    protected IPage Page { get; private set; } = default!;

    public async Task InitializeAsync() => Page = await Fixture.NewPageAsync();

    public async Task DisposeAsync() => await Page.Context.DisposeAsync();

    protected async Task LoginAsync(string user = "admin", string password = ConsoleAppFactory.AdminPassword)
    {
        await Page.GotoAsync("/login");
        await Page.GetByLabel("User name").FillAsync(user);
        await Page.GetByLabel("Password").FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        try
        {
            await WaitUntilInteractiveAsync();
        }
        catch (TimeoutException)
        {
            await ScreenshotAsync("login-timeout");
            throw new TimeoutException($"After logging in as {user} the page at {Page.Url} never became interactive. Page text: " +
                await Page.Locator("body").InnerTextAsync());
        }
    }

    /// <summary>Prerendered HTML shows before the circuit is live; clicks on it would be lost.</summary>
    protected Task WaitUntilInteractiveAsync() =>
        Page.Locator("body[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    protected async Task ScreenshotAsync(string? suffix = null, [CallerMemberName] string test = "")
    {
        var name = suffix is null ? test : $"{test}-{suffix}";
        await Page.ScreenshotAsync(new() { Path = Path.Combine(Fixture.ArtifactsDirectory, $"{name}.png"), FullPage = true });
    }

    /// <summary>Runs a step; when it fails, keeps a screenshot and puts what the page said into the failure message.</summary>
    protected async Task ExplainFailureAsync(string step, Func<Task> action, [CallerMemberName] string test = "")
    {
        try
        {
            await action();
        }
        catch (Exception ex) when (ex is PlaywrightException or TimeoutException)
        {
            await ScreenshotAsync($"failed-{step}", test);
            var text = await Page.Locator("body").InnerTextAsync();
            throw new InvalidOperationException($"{step} failed at {Page.Url}. Page text:\n{text}\nConsole errors:\n{RecentConsoleErrors()}", ex);
        }
    }

    /// <summary>The last error entries of the console's own log (compact JSON in its data directory).</summary>
    private string RecentConsoleErrors()
    {
        var logs = Path.Combine(Fixture.App.DataDirectory, "logs");
        if (!Directory.Exists(logs))
            return "(no log directory)";
        var errors = Directory.GetFiles(logs, "console-*.log")
            .SelectMany(f => { using var s = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite); using var r = new StreamReader(s); return r.ReadToEnd().Split('\n'); })
            .Where(l => l.Contains("\"@l\":\"Error\"", StringComparison.Ordinal) || l.Contains("\"@l\":\"Fatal\"", StringComparison.Ordinal))
            .TakeLast(3);
        return string.Join("\n", errors.Select(e => e.Length > 4000 ? e[..4000] : e));
    }

    /// <summary>Fails on serious or critical axe violations, listing them.</summary>
    protected async Task AssertAccessibleAsync()
    {
        var result = await Page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, "Accessibility violations on " + Page.Url + ":\n" + string.Join("\n", serious.Select(Describe)));
    }

    private static string Describe(AxeResultItem v) =>
        $"{v.Impact} {v.Id}: {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}";
}
