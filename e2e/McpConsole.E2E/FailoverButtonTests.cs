using System.Net.Http.Json;
using McpConsole.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace McpConsole.E2E;

/// <summary>The failover button end to end: real sample servers, the real job, Chromium.</summary>
public sealed class FailoverButtonTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task PressFailOver_Confirm_GroupPageShowsNewPrimary_ServersAgree()
    {
        await using var primary = await SampleServerChild.StartAsync("e2e-primary", "primary");
        await using var standby = await SampleServerChild.StartAsync("e2e-standby", "standby");
        using var api = Fixture.App.CreateClient();
        api.DefaultRequestHeaders.Add("X-Api-Key", ConsoleAppFactory.BootstrapKey);
        var primaryId = await RegisterAsync(api, "e2e-primary", primary);
        var standbyId = await RegisterAsync(api, "e2e-standby", standby);
        var created = await api.PostAsJsonAsync("/api/failover/groups", new
        {
            name = "e2e-pair", primaryServerId = primaryId, standbyServerIds = new[] { standbyId }, checkIntervalSeconds = 2, timeoutMs = 1500,
        });
        created.EnsureSuccessStatusCode();
        var groupId = (await created.Content.ReadFromJsonAsync<IdDto>())!.Id;

        await LoginAsync();
        await Page.GotoAsync($"/failover/{groupId}");
        await WaitUntilInteractiveAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "e2e-pair", Level = 1 })).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("group-active-primary")).ToHaveTextAsync("e2e-primary");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Fail over" }).ClickAsync();
        var dialog = Page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByTestId("failover-summary")).ToContainTextAsync("Switchover: e2e-primary is demoted to standby first, then e2e-standby is promoted to primary at epoch 1.",
            new() { Timeout = 15_000 });
        await Expect(dialog.Locator("[data-check-passed=true]")).ToHaveCountAsync(5);
        await ScreenshotAsync("preview");
        await AssertAccessibleAsync();

        await dialog.GetByRole(AriaRole.Button, new() { Name = "Confirm switchover" }).ClickAsync();
        await Expect(Page.GetByTestId("group-active-primary")).ToHaveTextAsync("e2e-standby", new() { Timeout = 15_000 });
        await Expect(Page.GetByTestId("group-epoch")).ToHaveTextAsync("1");
        await Expect(Page.Locator("tr[data-event-kind=Promoted]")).ToContainTextAsync("operator:admin");
        await ScreenshotAsync("done");

        Assert.Equal(new RoleState("primary", 1), await standby.GetRoleAsync());
        Assert.Equal(new RoleState("standby", 1), await primary.GetRoleAsync());

        await Page.GotoAsync("/failover");
        await Expect(Page.GetByTestId("active-primary")).ToHaveTextAsync("e2e-standby");
        await ScreenshotAsync("list");
        await api.DeleteAsync($"/api/failover/groups/{groupId}");
    }

    private static async Task<int> RegisterAsync(HttpClient api, string name, SampleServerChild server)
    {
        var response = await api.PostAsJsonAsync("/api/servers", new { name, transport = "StreamableHttp", url = server.McpUrl, timeoutSeconds = 2 });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<IdDto>())!.Id;
    }

    private sealed record IdDto(int Id);
}
