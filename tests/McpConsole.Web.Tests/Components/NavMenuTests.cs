using Bunit;
using McpConsole.Web.Components.Layout;
using McpConsole.Web.Features.Accounts;

namespace McpConsole.Web.Tests.Components;

public sealed class NavMenuTests : ComponentTestContext
{
    private static readonly string[] AreasForEveryone =
        ["Overview", "Servers", "Topology", "Failover", "Backups", "Costs", "Alerts and reports"];

    [Fact]
    public void Viewer_SeesTheAreas_ButNotAuditJobsOrUsers()
    {
        SignInAs("vera", ConsoleRole.Viewer);
        var links = Render<NavMenu>().FindAll("a").Select(a => a.TextContent.Trim()).ToList();
        Assert.Equal(AreasForEveryone, links);
    }

    [Fact]
    public void Operator_AlsoSeesAudit()
    {
        SignInAs("otto", ConsoleRole.Operator);
        var links = Render<NavMenu>().FindAll("a").Select(a => a.TextContent.Trim()).ToList();
        Assert.Equal([.. AreasForEveryone, "Audit"], links);
    }

    [Fact]
    public void Admin_SeesEverything_WithWorkingLinks()
    {
        SignInAs("ada", ConsoleRole.Admin);
        var anchors = Render<NavMenu>().FindAll("a");
        Assert.Equal([.. AreasForEveryone, "Audit", "Jobs", "Users and API keys"], anchors.Select(a => a.TextContent.Trim()));
        Assert.Equal(["", "servers", "topology", "failover", "backups", "costs", "alerts", "audit", "scheduled-jobs", "settings"],
            anchors.Select(a => a.GetAttribute("href")));
    }
}
