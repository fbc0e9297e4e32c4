using System.Net.Http.Json;
using System.Text.Json;
using McpConsole.TestSupport;
using McpConsole.Web.Features.Demo;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace McpConsole.E2E;

/// <summary>Issue 5: a real server falls over (injected hang); the open topology and the open chart follow without a reload.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LiveMetricsTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task StateChange_RecoloursTheTopologyNode_AndAppendsToTheOpenChart_WithoutReload()
    {
        var dll = SampleServerLocator.Find(null) ?? throw new InvalidOperationException("build the solution first: McpConsole.SampleServer.dll not found");
        await using var server = await DemoProcess.StartAsync(dll, new DemoServer("e2e-live", "host-live", "cloud", [], []), CancellationToken.None);
        var id = await RegisterAsync("e2e-live", "host-live", "cloud", new Uri(server.BaseUri, "mcp"));

        await LoginAsync();
        await Page.GotoAsync($"/servers/{id}?range=1h");
        await WaitUntilInteractiveAsync();
        var latency = Page.Locator(".mcp-chart[data-kind=latency]");
        await Expect(latency).ToHaveAttributeAsync("data-chart-ready", "true");
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "1h" })).ToHaveAttributeAsync("aria-current", "true");

        var topology = await Page.Context.NewPageAsync();
        await topology.GotoAsync("/topology");
        await topology.Locator("body[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        var node = topology.Locator($"[data-topology-mirror] li[data-node='server:{id}']");
        await Expect(node).ToHaveAttributeAsync("data-state", "Healthy", new() { Timeout = 30_000 });
        await topology.ScreenshotAsync(new() { Path = Path.Combine(Fixture.ArtifactsDirectory, "LiveMetrics-topology-healthy.png"), FullPage = true });

        var pointsBefore = int.Parse(await latency.GetAttributeAsync("data-points") ?? "0");
        await InjectHangAsync(server);

        // Down after 3 failed probes at 5 s with a 2 s timeout: ~17 s, plus slack.
        await Expect(node).ToHaveAttributeAsync("data-state", "Down", new() { Timeout = 45_000 });
        await topology.ScreenshotAsync(new() { Path = Path.Combine(Fixture.ArtifactsDirectory, "LiveMetrics-topology-down.png"), FullPage = true });
        var url = Page.Url;
        await Expect(Page.GetByRole(AriaRole.Row).Filter(new() { HasText = "(open)" })).ToContainTextAsync("Down", new() { Timeout = 15_000 });
        var pointsAfter = int.Parse(await latency.GetAttributeAsync("data-points") ?? "0");
        Assert.True(pointsAfter >= pointsBefore + 3, $"the chart should have gained the failed probes live: {pointsBefore} -> {pointsAfter} points");
        Assert.Equal(url, Page.Url);
        await Page.BringToFrontAsync();
        await ScreenshotAsync("detail-down");
        await AssertAccessibleAsync();

        // The availability target is set here (Operator): 100 is refused with the reason, 99.5 is taken at once.
        await Expect(Page.GetByTestId("slo-target")).ToHaveTextAsync("99.9 %");
        await Page.GetByLabel("Target (%)").FillAsync("100");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Set target" }).ClickAsync();
        await Expect(Page.GetByTestId("slo-target-error")).ToContainTextAsync("below 100");
        await Page.GetByLabel("Target (%)").FillAsync("99.5");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Set target" }).ClickAsync();
        await Expect(Page.GetByTestId("slo-target")).ToHaveTextAsync("99.5 %");
        await Page.ReloadAsync();
        await Expect(Page.GetByTestId("slo-target")).ToHaveTextAsync("99.5 %");
    }

    private async Task<int> RegisterAsync(string name, string group, string location, Uri url)
    {
        using var http = Fixture.App.CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", ConsoleAppFactory.BootstrapKey);
        var response = await http.PostAsJsonAsync("/api/servers", new
        {
            name, transport = "StreamableHttp", url = url.ToString(), group, location, probeIntervalSeconds = 5, timeoutSeconds = 2,
        });
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("id").GetInt32();
    }

    private static async Task InjectHangAsync(DemoProcess server)
    {
        using var http = new HttpClient { BaseAddress = server.BaseUri };
        http.DefaultRequestHeaders.Add("X-Admin-Token", server.AdminToken);
        (await http.PostAsJsonAsync("/admin/faults", new { hang = true })).EnsureSuccessStatusCode();
    }
}
