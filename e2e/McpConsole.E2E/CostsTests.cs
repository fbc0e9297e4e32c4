using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using McpConsole.TestSupport;
using McpConsole.Web.Features.Costs.Sampling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace McpConsole.E2E;

/// <summary>
/// Issue 8: a real HTTP sample server burning part of a core and holding memory, read through its /metrics by the
/// console's sampler; the Costs page and the server's cost panel show what it cost, the chart draws it, and the
/// recommendations say how much more data they need.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CostsTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    // A group price high enough that a few seconds of readings show as a cost well above the page's 4 decimals.
    private const decimal CpuCoreHour = 90m;
    private const decimal GbHour = 9m;

    /// <summary>The page shows 4 decimals below 1 and 2 above.</summary>
    private const decimal Rounding = 0.01m;

    [Fact]
    public async Task CostsPage_ShowsTheMeasuredServersCost_Chart_AndWhatRecommendationsStillNeed_AndTheServerPanelAgrees()
    {
        var name = $"e2e-costs-{Guid.NewGuid():N}"[..18];
        var group = name + "-g";
        await using var server = await SampleServerChild.StartAsync(name, "primary", ["--fault-cpu-share", "0.3", "--fault-memory-mb", "120"]);
        using var api = Api();
        await SetGroupPriceAsync(api, group);
        var id = await RegisterAsync(api, name, group, server.McpUrl);

        // Two readings a few seconds apart (the hosted loop may add more every 30 s: the figures are bracketed below).
        var sampler = Fixture.App.Services.GetRequiredService<ResourceSampler>();
        Assert.True(await sampler.SampleOnceAsync() >= 1);
        await Task.Delay(TimeSpan.FromSeconds(6));
        Assert.True(await sampler.SampleOnceAsync() >= 1);

        await LoginAsync();
        var before = await ServerCostAsync(api, id, days: 1);
        Assert.True(before > 0.05m, $"a few seconds at {CpuCoreHour}/vCPU-hour should cost more than 0.05, the API says {before}");
        await Page.GotoAsync("/costs?days=1");
        await WaitUntilInteractiveAsync();
        var row = Page.Locator("[aria-label='Cost per server'] tbody tr").Filter(new() { HasText = name });
        await Expect(row).ToHaveCountAsync(1);
        var shown = Money(await row.Locator("td").Nth(3).InnerTextAsync());
        var after = await ServerCostAsync(api, id, days: 1);
        Assert.InRange(shown, before - Rounding, after + Rounding);
        await Expect(row).ToContainTextAsync(group);
        await Expect(row.Locator("td").Nth(7)).ToContainTextAsync(" min"); // measured for seconds: minutes, not "0 h"

        var chart = Page.Locator(".mcp-chart[data-kind=cost]");
        await Expect(chart).ToHaveAttributeAsync("data-chart-ready", "true");
        await ScreenshotAsync("light");
        await Expect(chart.Locator(".apexcharts-legend-text").Filter(new() { HasText = name })).ToHaveCountAsync(1);
        Assert.True(await chart.Locator(".apexcharts-bar-area").CountAsync() > 0, "the cost chart should draw bars");

        // Seconds of readings are far below the minimum a right-sizing needs: the page says how much more.
        var waiting = Page.GetByTestId("waiting").Filter(new() { HasText = name });
        await Expect(waiting).ToContainTextAsync("Not enough data: need");
        await Expect(Page.GetByTestId("recommendation").Filter(new() { HasText = name })).ToHaveCountAsync(0);
        await AssertAccessibleAsync();

        await Page.GetByRole(AriaRole.Button, new() { Name = "Switch to dark theme" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Switch to light theme" })).ToBeVisibleAsync();
        await Expect(chart).ToHaveAttributeAsync("data-chart-ready", "true");
        await ScreenshotAsync("dark");
        await AssertAccessibleAsync();

        // The server page's cost panel: the same server's cost over 7 days, its allocation, the same data shortfall.
        var panelBefore = await ServerCostAsync(api, id, days: 7);
        await Page.GotoAsync($"/servers/{id}");
        await WaitUntilInteractiveAsync();
        var panelCost = Page.GetByTestId("server-cost");
        await Expect(panelCost).ToContainTextAsync("USD");
        var panelShown = Money(await panelCost.InnerTextAsync());
        Assert.InRange(panelShown, panelBefore - Rounding, await ServerCostAsync(api, id, days: 7) + Rounding);
        var panel = Page.Locator("[aria-label='Cost of this server']");
        await Expect(panel).ToContainTextAsync("of 1 allocated");
        await Expect(panel).ToContainTextAsync("of 512 allocated");
        await Expect(Page.GetByTestId("waiting").Filter(new() { HasText = name })).ToContainTextAsync("Not enough data: need");
        await Page.GetByTestId("server-cost").ScrollIntoViewIfNeededAsync();
        await ScreenshotAsync("server-panel");
        await AssertAccessibleAsync();
    }

    private HttpClient Api()
    {
        var http = Fixture.App.CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", ConsoleAppFactory.BootstrapKey);
        return http;
    }

    /// <summary>Adds a price for this test's group to the price book (the other prices stay as they are).</summary>
    private static async Task SetGroupPriceAsync(HttpClient api, string group)
    {
        var settings = await api.GetFromJsonAsync<JsonElement>("/api/costs/settings");
        var prices = settings.GetProperty("prices").EnumerateArray()
            .Select(p => new
            {
                scope = p.GetProperty("scope").GetString(),
                name = p.GetProperty("name").GetString(),
                cpuCoreHour = p.GetProperty("cpuCoreHour").GetDecimal(),
                gbHour = p.GetProperty("gbHour").GetDecimal(),
            })
            .Append(new { scope = (string?)"Group", name = (string?)group, cpuCoreHour = CpuCoreHour, gbHour = GbHour })
            .ToList();
        var threshold = settings.GetProperty("dailyThreshold");
        var response = await api.PutAsJsonAsync("/api/costs/settings", new
        {
            currency = settings.GetProperty("currency").GetString(),
            prices,
            dailyThreshold = threshold.ValueKind == JsonValueKind.Null ? (decimal?)null : threshold.GetDecimal(),
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<int> RegisterAsync(HttpClient api, string name, string group, string url)
    {
        var response = await api.PostAsJsonAsync("/api/servers", new
        {
            name, transport = "StreamableHttp", url, group, location = "e2e-lab", cpuCores = 1, memoryMb = 512, probeIntervalSeconds = 30,
        });
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("id").GetInt32();
    }

    private static async Task<decimal> ServerCostAsync(HttpClient api, int id, int days)
    {
        var summary = await api.GetFromJsonAsync<JsonElement>($"/api/costs/summary?days={days}");
        return summary.GetProperty("servers").EnumerateArray().Single(s => s.GetProperty("serverId").GetInt32() == id).GetProperty("cost").GetDecimal();
    }

    /// <summary>"0.1234 USD" or "1,234.56 USD" as the page shows money.</summary>
    private static decimal Money(string text) =>
        decimal.Parse(text.Trim().Split(' ')[0], NumberStyles.Number, CultureInfo.InvariantCulture);
}
