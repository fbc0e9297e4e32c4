using System.Net.Http.Json;
using System.Text.Json;
using McpConsole.TestSupport;
using McpConsole.Web.Features.Costs.Sampling;
using McpConsole.Web.Features.Probing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace McpConsole.E2E.Hostile;

/// <summary>
/// Issue 15, item 3: no script from data, anywhere. An Operator names servers, groups, locations, tags, a failover
/// group, a silence, a backup source and plan, and a report with hostile strings; hostile MCP servers (the sample
/// server's hostile mode) report tools and health text made of them. Every page is then visited as an Admin; no
/// string may run script or add an element, each page answers with the Content-Security-Policy, and the page's own
/// code causes no CSP violation.
/// </summary>
[Collection(HostileBrowserCollection.Name)]
public sealed class HostileStringsTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private static readonly IReadOnlyList<string> S = HostileStrings.All;
    private readonly List<string> _scriptsRun = [];
    private readonly List<string> _violations = [];
    private readonly List<string> _failures = [];
    private readonly List<string> _visited = [];

    [Fact]
    public async Task HostileNamesToolsAndHealthText_RunNoScript_AddNoElement_OnAnyPage_UnderTheContentSecurityPolicy()
    {
        Assert.True(S.Count >= 30, $"the corpus has {S.Count} strings");
        var corpusFile = Path.Combine(Fixture.App.DataDirectory, "hostile-corpus.json");
        await File.WriteAllTextAsync(corpusFile, JsonSerializer.Serialize(S));
        await using var primary = await SampleServerChild.StartAsync("hostile-primary", "primary", ["--hostile-corpus", corpusFile]);
        await using var standby = await SampleServerChild.StartAsync("hostile-standby", "standby", ["--hostile-corpus", corpusFile]);

        using var admin = Api(ConsoleAppFactory.BootstrapKey);
        using var operatorApi = Api(await CreateOperatorKeyAsync(admin));
        var ids = await RegisterFleetAsync(operatorApi, primary.McpUrl, standby.McpUrl);
        var groupId = await CreateAsync(operatorApi, "/api/failover/groups", new
        {
            name = Name(5, 100), primaryServerId = ids[0], standbyServerIds = new[] { ids[1] }, checkIntervalSeconds = 60, timeoutMs = 5000,
        });
        await CreateAsync(operatorApi, "/api/alerts/silences", new
        {
            scope = "Server", target = Name(2, 128), kind = (string?)null, startsAt = (DateTimeOffset?)null, endsAt = DateTimeOffset.UtcNow.AddHours(1), comment = S[6],
        });
        var sourceDirectory = Directory.CreateDirectory(Path.Combine(Fixture.App.DataDirectory, "hostile-files"));
        await File.WriteAllTextAsync(Path.Combine(sourceDirectory.FullName, "a.txt"), S[1]);
        var source = await PostAsync(admin, "/api/backups/sources", new { name = Name(8, 100), kind = "Files", path = sourceDirectory.FullName });
        await CreateAsync(operatorApi, "/api/backups/plans", new { name = Name(9, 100), sources = new[] { source.GetProperty("key").GetString() }, cron = "0 2 * * *", keepLast = 3 });
        var channelId = await CreateAsync(admin, "/api/alerts/channels", new
        {
            name = Name(10, 100), kind = "Email", host = "127.0.0.1", port = 9, tlsMode = "None", from = "console@example.com", to = "oncall@example.com",
        });
        var reportName = Name(1, 100);
        await CreateAsync(admin, "/api/reports", new
        {
            name = reportName, preset = "weekly", timeZone = "UTC", recipients = "oncall@example.com",
            sections = new[] { "FleetHealth", "Incidents", "Failovers", "Backups", "Costs", "CatalogChanges" }, channelId,
        });
        await ProbeAllAsync(admin, ids);
        await SampleCostsTwiceAsync();

        await WatchForScriptAsync();
        await LoginAsync();
        await VisitAsync("overview", "/", () => Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync());
        await VisitAsync("servers", "/servers", async () =>
            await Expect(Page.Locator("body")).ToContainTextAsync(Name(2, 128)));
        await VisitAsync("server-detail", $"/servers/{ids[0]}", async () =>
        {
            await Expect(Page.GetByTestId("tool-description").Filter(new() { HasText = S[1] }).First).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await Expect(Page.Locator("body")).ToContainTextAsync(Name(0, 128));
        });
        await VisitAsync("server-detail-standby", $"/servers/{ids[1]}", () => Expect(Page.Locator(".mcp-chart").First).ToHaveAttributeAsync("data-chart-ready", "true"));
        await VisitAsync("topology", "/topology", async () =>
        {
            await Expect(Page.Locator("[data-topology-mirror] li").Filter(new() { HasText = Name(2, 128) })).ToHaveCountAsync(1);
            await Expect(Page.Locator("[data-topology-links] li").Filter(new() { HasText = Name(0, 128) })).ToHaveCountAsync(1);
        });
        await VisitAsync("costs-by-server", "/costs?days=1&by=server", () => HoverChartAsync(Name(2, 128)));
        await VisitAsync("costs-by-group", "/costs?days=1&by=group", async () =>
        {
            await HoverChartAsync(Name(3, 100));
            // 38 series and names of up to 4,000 characters: the legend scrolls, the tables must not scroll sideways.
            await AssertAccessibleAsync();
        });
        await VisitAsync("failover", "/failover", () => Expect(Page.Locator("body")).ToContainTextAsync(Name(5, 100)));
        await VisitAsync("failover-group", $"/failover/{groupId}", () => Expect(Page.Locator("body")).ToContainTextAsync(Name(0, 128)));
        await VisitAsync("alerts", "/alerts", async () =>
        {
            foreach (var tab in new[] { "Channels", "Silences", "Reports", "Delivery history", "Alerts and rules" })
                await Page.GetByRole(AriaRole.Tab, new() { Name = tab }).ClickAsync();
        });
        await VisitAsync("report-preview", "/alerts", async () =>
        {
            await Page.GetByRole(AriaRole.Tab, new() { Name = "Reports" }).ClickAsync();
            await Page.GetByRole(AriaRole.Button, new() { Name = $"Preview {reportName}", Exact = true }).ClickAsync();
            var preview = Page.FrameLocator("iframe[title='Report preview']");
            await Expect(preview.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(reportName);
            await Expect(preview.Locator("body")).ToContainTextAsync(Name(0, 128));
        });
        await VisitAsync("audit", "/audit", () => Expect(Page.Locator("body")).ToContainTextAsync(Name(5, 100)));
        await VisitAsync("backups", "/backups", () => Expect(Page.Locator("body")).ToContainTextAsync(Name(8, 100)));
        await VisitAsync("scheduled-jobs", "/scheduled-jobs", () => Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Jobs", Level = 1 })).ToBeVisibleAsync());
        await VisitAsync("jobs-dashboard", "/jobs", () => Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Realtime Graph" })).ToBeVisibleAsync(), interactive: false);
        await VisitAsync("jobs-recurring", "/jobs/recurring", () => Expect(Page.Locator("table").First).ToBeVisibleAsync(), interactive: false);

        Assert.True(_scriptsRun.Count + _violations.Count + _failures.Count == 0,
            $"{_scriptsRun.Count} hostile scripts ran:\n{string.Join("\n", _scriptsRun.Take(20))}\n" +
            $"{_violations.Count} Content-Security-Policy violations:\n{string.Join("\n", _violations.Take(10))}\n" +
            $"{_failures.Count} other failures:\n{string.Join("\n", _failures)}");
        Console.WriteLine($"Hostile strings: {S.Count} x pages visited: {_visited.Count} ({string.Join(", ", _visited)}), scripts run: {_scriptsRun.Count}");
    }

    /// <summary>Every call of __xss (in any frame, across navigations), every dialog, every CSP violation.</summary>
    private async Task WatchForScriptAsync()
    {
        await Page.ExposeFunctionAsync("__xss", (int n) => { lock (_scriptsRun) _scriptsRun.Add($"__xss({n}) on {Page.Url}: {HostileStrings.Describe(n - 1)}"); });
        await Page.ExposeFunctionAsync("__cspViolation", (string text) => { lock (_violations) _violations.Add($"{Page.Url}: {text}"); });
        await Page.AddInitScriptAsync("""
            document.addEventListener("securitypolicyviolation", (e) =>
              window.__cspViolation(`${e.effectiveDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber} ${e.sample}`));
            """);
        Page.Dialog += async (_, dialog) =>
        {
            lock (_scriptsRun) _scriptsRun.Add($"a {dialog.Type} dialog on {Page.Url}: {dialog.Message}");
            await dialog.DismissAsync();
        };
        Page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
                lock (_violations) _violations.Add($"{Page.Url} (console): {message.Text}");
        };
    }

    private async Task VisitAsync(string name, string path, Func<Task> check, bool interactive = true)
    {
        var response = await Page.GotoAsync(path);
        _visited.Add(name);
        var csp = response is null ? null : await response.HeaderValueAsync("content-security-policy");
        foreach (var directive in new[] { "script-src 'self' 'nonce-", "object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'" })
        {
            if (csp is null || !csp.Contains(directive, StringComparison.Ordinal))
                _failures.Add($"{name}: the Content-Security-Policy '{csp}' lacks {directive}");
        }
        if (response is null || await response.HeaderValueAsync("x-content-type-options") != "nosniff")
            _failures.Add($"{name}: no X-Content-Type-Options: nosniff");
        if (response is null || await response.HeaderValueAsync("referrer-policy") is null)
            _failures.Add($"{name}: no Referrer-Policy");

        try
        {
            await ExplainFailureAsync(name, test: nameof(HostileStringsTests), action: async () =>
            {
                if (interactive)
                    await WaitUntilInteractiveAsync();
                await check();
            });
        }
        catch (InvalidOperationException ex)
        {
            // Keep going: what the other pages and the DOM checks below find belongs in the same report.
            var why = ex.InnerException?.Message ?? ex.Message;
            _failures.Add($"{name}: {(why.Length > 400 ? why[..400] + "…" : why)}");
        }
        await Page.WaitForTimeoutAsync(300); // late handlers (image errors, tooltips) get their chance
        await Page.ScreenshotAsync(new() { Path = Path.Combine(Fixture.ArtifactsDirectory, $"{nameof(HostileStringsTests)}-{name}.png") });
        foreach (var frame in Page.Frames)
        {
            var injected = await frame.Locator(HostileStrings.InjectedSelector).CountAsync();
            if (injected > 0)
            {
                var what = await frame.Locator(HostileStrings.InjectedSelector).First.EvaluateAsync<string>("e => e.outerHTML.slice(0, 200)");
                _failures.Add($"{name}: {injected} element(s) added by hostile strings in frame {frame.Url}, e.g. {what}");
            }
        }
    }

    /// <summary>The chart shows the name as text in its legend; hovering draws the tooltip (series names as HTML).</summary>
    private async Task HoverChartAsync(string seriesName)
    {
        var chart = Page.Locator(".mcp-chart[data-kind=cost]");
        await Expect(chart).ToHaveAttributeAsync("data-chart-ready", "true");
        await Expect(chart.Locator(".apexcharts-legend-text").Filter(new() { HasText = seriesName }).First).ToBeVisibleAsync();
        var bars = chart.Locator(".apexcharts-bar-area");
        Assert.True(await bars.CountAsync() > 0, "the cost chart should draw bars");
        await bars.Last.HoverAsync(new() { Force = true });
        await chart.Locator(".apexcharts-legend-text").First.HoverAsync();
    }

    private static string Name(int index, int max) => HostileStrings.Fit(S[index], max);

    /// <summary>One server per string, named with it; its group, location and tags are the next strings.</summary>
    private static async Task<List<int>> RegisterFleetAsync(HttpClient api, string primaryUrl, string standbyUrl)
    {
        var ids = new List<int>();
        for (var i = 0; i < S.Count; i++)
        {
            ids.Add(await CreateAsync(api, "/api/servers", new
            {
                name = Name(i, 128), transport = "StreamableHttp", url = i == 1 ? standbyUrl : primaryUrl,
                group = Name((i + 3) % S.Count, 100), location = Name((i + 4) % S.Count, 100),
                tags = new[] { Name((i + 5) % S.Count, 100), Name((i + 6) % S.Count, 100) },
                cpuCores = 0.5, memoryMb = 256, probeIntervalSeconds = 3600, timeoutSeconds = 20,
            }));
        }
        return ids;
    }

    private static async Task<string> CreateOperatorKeyAsync(HttpClient admin)
    {
        var created = await PostAsync(admin, "/api/apikeys", new { name = "e2e hostile operator", role = "Operator" });
        return created.GetProperty("secret").GetString()!;
    }

    /// <summary>
    /// Every server is probed once now (its first scheduled probe may be up to an interval away), so tools and health
    /// text are stored before the pages are visited.
    /// </summary>
    private async Task ProbeAllAsync(HttpClient api, IReadOnlyList<int> ids)
    {
        var scheduler = Fixture.App.Services.GetRequiredService<ProbeScheduler>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        using var gate = new SemaphoreSlim(8);
        await Task.WhenAll(ids.Select(async id =>
        {
            await gate.WaitAsync();
            try
            {
                // null until the scheduler has read the registry change; a probe that timed out on a busy machine is repeated
                while (await scheduler.ProbeNowAsync(id, CancellationToken.None) is not { Succeeded: true } && DateTime.UtcNow < deadline)
                    await Task.Delay(200);
            }
            finally
            {
                gate.Release();
            }
        }));
        while (true)
        {
            var servers = await api.GetFromJsonAsync<JsonElement>("/api/servers");
            var unprobed = servers.EnumerateArray()
                .Count(s => ids.Contains(s.GetProperty("id").GetInt32()) && s.GetProperty("state").GetString() == "Unknown");
            if (unprobed == 0) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{unprobed} servers not probed after 60 s");
            await Task.Delay(500);
        }
    }

    /// <summary>Two readings of every server's resources, so the cost chart has a series per hostile name.</summary>
    private async Task SampleCostsTwiceAsync()
    {
        var sampler = Fixture.App.Services.GetRequiredService<ResourceSampler>();
        await sampler.SampleOnceAsync();
        await Task.Delay(TimeSpan.FromSeconds(2));
        await sampler.SampleOnceAsync();
    }

    private HttpClient Api(string key)
    {
        var http = Fixture.App.CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        return http;
    }

    private static async Task<int> CreateAsync(HttpClient api, string path, object body) =>
        (await PostAsync(api, path, body)).GetProperty("id").GetInt32();

    private static async Task<JsonElement> PostAsync(HttpClient api, string path, object body)
    {
        var response = await api.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
