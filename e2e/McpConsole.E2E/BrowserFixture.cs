using McpConsole.TestSupport;
using Microsoft.Playwright;

namespace McpConsole.E2E;

/// <summary>
/// One console on a real Kestrel port and one Debian Chromium for the whole assembly (a browser test costs ~8 s;
/// starting them once keeps the suite short). Each test gets its own browser context (cookies, storage).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public ConsoleAppFactory App { get; } = new() { UseRealSocket = true };
    public IBrowser Browser { get; private set; } = default!;
    public Uri BaseAddress { get; private set; } = default!;
    public string ArtifactsDirectory { get; } = FindArtifactsDirectory();

    public async Task InitializeAsync()
    {
        BaseAddress = App.ServerAddress;
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1366, Height = 860 },
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        await App.DisposeAsync();
    }

    /// <summary>artifacts/screenshots at the repository root (next to McpConsole.sln), so CI can keep them.</summary>
    private static string FindArtifactsDirectory()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "McpConsole.sln")))
            dir = dir.Parent;
        var path = Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "artifacts", "screenshots");
        Directory.CreateDirectory(path);
        return path;
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}

/// <summary>
/// A console of its own for the hostile-strings test: the servers, groups, channels and reports it plants with hostile
/// names (an e-mail channel to a closed port among them) must not show up in the other tests' pages and deliveries.
/// </summary>
[CollectionDefinition(Name)]
public sealed class HostileBrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser, hostile data";
}
