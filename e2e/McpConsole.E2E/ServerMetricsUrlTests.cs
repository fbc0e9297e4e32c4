using System.Net.Http.Json;
using System.Text.Json;
using McpConsole.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace McpConsole.E2E;

/// <summary>
/// Issue 8: an operator sets where an HTTP server's Prometheus metrics are (cost sampling) in the server's edit form;
/// a URL that is not absolute http(s) is refused with a message beside the field, a good one is saved, shown on the
/// server page and returned by the API.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ServerMetricsUrlTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task EditForm_SetsTheMetricsUrl_RefusesARelativeOne_AndTheServerPageShowsIt()
    {
        var name = $"e2e-metrics-{Guid.NewGuid():N}"[..20];
        using var api = Fixture.App.CreateClient();
        api.DefaultRequestHeaders.Add("X-Api-Key", ConsoleAppFactory.BootstrapKey);
        var created = await api.PostAsJsonAsync("/api/servers", new { name, transport = "StreamableHttp", url = "http://127.0.0.1:1/mcp", enabled = false });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        await LoginAsync();
        await Page.GotoAsync($"/servers/{id}/edit");
        await WaitUntilInteractiveAsync();
        var field = Page.GetByLabel("Prometheus metrics URL (optional)");
        await ExplainFailureAsync("relative URL refused", async () =>
        {
            await field.FillAsync("/metrics");
            await Page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
            await Expect(Page.GetByText("metrics URL must be an absolute http:// or https:// URL")).ToBeVisibleAsync();
        });
        await ScreenshotAsync("refused");
        await AssertAccessibleAsync();

        await ExplainFailureAsync("absolute URL saved", async () =>
        {
            await field.FillAsync("http://127.0.0.1:9100/metrics");
            await Page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
            await Page.WaitForURLAsync($"**/servers/{id}");
            await Expect(Page.GetByRole(AriaRole.Row, new() { Name = "Prometheus metrics" })).ToContainTextAsync("http://127.0.0.1:9100/metrics");
        });
        await ScreenshotAsync("saved");
        var view = await api.GetFromJsonAsync<JsonElement>($"/api/servers/{id}");
        Assert.Equal("http://127.0.0.1:9100/metrics", view.GetProperty("metricsUrl").GetString());
    }
}
