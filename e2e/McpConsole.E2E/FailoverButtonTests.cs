using System.Net.Http.Json;
using McpConsole.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace McpConsole.E2E;

/// <summary>
/// The failover button end to end: real sample servers, the real job, Chromium. The topology is open in a second tab
/// the whole time and must move the primary link live (read from the graph's text alternative, which mirrors the
/// cytoscape elements).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class FailoverButtonTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task PressFailOver_Confirm_GroupPageAndOpenTopologyShowNewPrimary_ServersAgree()
    {
        await using var primary = await SampleServerChild.StartAsync("e2e-primary", "primary");
        await using var standby = await SampleServerChild.StartAsync("e2e-standby", "standby");
        using var api = Fixture.App.CreateClient();
        api.DefaultRequestHeaders.Add("X-Api-Key", ConsoleAppFactory.BootstrapKey);
        var primaryId = await RegisterAsync(api, "e2e-primary", primary);
        var standbyId = await RegisterAsync(api, "e2e-standby", standby);
        var created = await api.PostAsJsonAsync("/api/failover/groups", new
        {
            name = "e2e-pair", primaryServerId = primaryId, standbyServerIds = new[] { standbyId }, checkIntervalSeconds = 5, timeoutMs = 5000, // generous: the preview's fresh checks run on a loaded machine
        });
        created.EnsureSuccessStatusCode();
        var groupId = (await created.Content.ReadFromJsonAsync<IdDto>())!.Id;

        await LoginAsync();
        var topology = await Page.Context.NewPageAsync();
        await topology.GotoAsync("/topology");
        await topology.Locator("body[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await topology.GetByText("The graph as text").ClickAsync();
        var links = topology.GetByRole(AriaRole.List, new() { Name = "Links between servers (primary to standby)" });
        var pairLink = links.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "e2e-pair" });
        await Expect(pairLink).ToHaveTextAsync("e2e-primary → e2e-standby: standby · e2e-pair");
        await topology.ScreenshotAsync(new() { Path = Path.Combine(Fixture.ArtifactsDirectory, "FailoverButton-topology-before.png"), FullPage = true });

        await Page.BringToFrontAsync();
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

        // The topology tab was not reloaded: the primary link moved live.
        await Expect(pairLink).ToHaveTextAsync("e2e-standby → e2e-primary: standby · e2e-pair", new() { Timeout = 15_000 });
        await Expect(pairLink).ToHaveCountAsync(1);
        await topology.BringToFrontAsync();
        await topology.ScreenshotAsync(new() { Path = Path.Combine(Fixture.ArtifactsDirectory, "FailoverButton-topology-after.png"), FullPage = true });
        await Page.BringToFrontAsync();

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
