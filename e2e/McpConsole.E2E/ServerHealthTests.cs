using System.Text.RegularExpressions;
using McpConsole.TestSupport;
using McpConsole.Web.Features.Demo;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace McpConsole.E2E;

/// <summary>Issue 4's user journey: register a real MCP server in the UI, see it turn healthy, stop it, see it go down and why.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ServerHealthTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task RegisteredServer_TurnsHealthy_ThenDownWithReason_WhenStopped()
    {
        var dll = SampleServerLocator.Find(null) ?? throw new InvalidOperationException("build the solution first: McpConsole.SampleServer.dll not found");
        var server = await DemoProcess.StartAsync(dll, new DemoServer("e2e-weather", "host-e2e", "on-premise", [], []), CancellationToken.None);
        await using (server)
        {
            await LoginAsync();
            await Nav().GetByRole(AriaRole.Link, new() { Name = "Servers", Exact = true }).ClickAsync();
            await Page.GetByRole(AriaRole.Link, new() { Name = "Add server" }).ClickAsync();
            await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("server");

            await Page.GetByLabel("Name").FillAsync("e2e-weather");
            await Page.GetByLabel("Transport").ClickAsync();
            await Page.GetByRole(AriaRole.Option, new() { Name = "Streamable HTTP" }).ClickAsync();
            await Page.GetByLabel("URL", new() { Exact = true }).FillAsync(new Uri(server.BaseUri, "mcp").ToString());
            await Page.GetByLabel("Interval (s)").FillAsync("10");
            await Page.GetByLabel("Timeout (s)").FillAsync("5");
            await ScreenshotAsync("form");
            await Page.GetByRole(AriaRole.Button, new() { Name = "Add server" }).ClickAsync();

            await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "e2e-weather", Level = 1 })).ToBeVisibleAsync();

            // The servers list updates live: no reload from here on.
            await Nav().GetByRole(AriaRole.Link, new() { Name = "Servers", Exact = true }).ClickAsync();
            await ExplainFailureAsync("healthy-wait", () => Expect(State()).ToHaveAttributeAsync("data-state", "Healthy", new() { Timeout = 45_000 }));
            await ScreenshotAsync("healthy");
            await AssertAccessibleAsync();

            // Leaving the detail page before its charts reach the browser must not break the next page (it once did:
            // the chart's first render ran against an element that was already gone).
            await ExplainFailureAsync("leave-detail", async () =>
            {
                for (var i = 0; i < 10; i++)
                {
                    await Row().GetByRole(AriaRole.Link, new() { Name = "e2e-weather" }).ClickAsync();
                    await Nav().GetByRole(AriaRole.Link, new() { Name = "Servers", Exact = true }).ClickAsync();
                    await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Servers", Level = 1 })).ToBeVisibleAsync();
                    await Expect(ListRow("e2e-weather")).ToBeVisibleAsync();
                }

                await Page.WaitForTimeoutAsync(1000);
                await Expect(Page.GetByText("This page stopped working")).ToHaveCountAsync(0);
            });
        }

        // Stopped: Down after 3 failed probes at 10 s, within interval x threshold + timeout + 2 s = 37 s (+ slack for CI).
        // A 5 s timeout: a freshly started server on a loaded 2-core machine can take 2 s to list its catalog.
        await ExplainFailureAsync("down-wait", () => Expect(State()).ToHaveAttributeAsync("data-state", "Down", new() { Timeout = 50_000 }));
        await Expect(Row()).ToContainTextAsync(new Regex("refused|closed|connect", RegexOptions.IgnoreCase));
        await ScreenshotAsync("down");

        // Another operator registers a server through the API: it appears in the open list, and leaves it when deleted.
        var api = Page.APIRequest;
        var headers = new Dictionary<string, string> { ["X-Api-Key"] = ConsoleAppFactory.BootstrapKey };
        var created = await api.PostAsync("/api/servers", new() { Headers = headers, DataObject = new { name = "e2e-added-elsewhere", transport = "StreamableHttp", url = "http://127.0.0.1:9/mcp" } });
        Assert.True(created.Ok, await created.TextAsync());
        var added = ListRow("e2e-added-elsewhere");
        await Expect(added).ToBeVisibleAsync();
        var id = (await created.JsonAsync())!.Value.GetProperty("id").GetInt32();
        Assert.True((await api.DeleteAsync($"/api/servers/{id}", new() { Headers = headers })).Ok);
        await Expect(added).ToHaveCountAsync(0);

        // The detail page tells the story: the probes with their step timings, and the transitions with reasons.
        await Row().GetByRole(AriaRole.Link, new() { Name = "e2e-weather" }).ClickAsync();
        var probes = Page.GetByTestId("probe-history");
        await Expect(probes).ToContainTextAsync("ok");
        await Expect(probes).ToContainTextAsync(new Regex("Refused|Timeout|TransportClosed", RegexOptions.IgnoreCase));
        await Expect(Page.Locator("[aria-label='Recent state changes']")).ToContainTextAsync("Down");
        await ScreenshotAsync("detail");
        await AssertAccessibleAsync();
    }

    private ILocator Nav() => Page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" });

    private ILocator Row() => Page.GetByRole(AriaRole.Row).Filter(new() { HasText = "e2e-weather" });

    private ILocator ListRow(string name) =>
        Page.Locator("[aria-label='Servers']").GetByRole(AriaRole.Row).Filter(new() { HasText = name });

    private ILocator State() => Row().Locator("[data-state]");
}
