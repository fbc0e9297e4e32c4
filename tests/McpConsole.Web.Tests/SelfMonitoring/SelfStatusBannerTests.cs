using Bunit;
using McpConsole.Core.Alerts;
using McpConsole.Web.Features.SelfMonitoring;
using McpConsole.Web.Tests.Components;
using Microsoft.Extensions.DependencyInjection;

namespace McpConsole.Web.Tests.SelfMonitoring;

/// <summary>The overview's banner about the console itself: what is wrong, since when, what to do, announced to screen readers.</summary>
public sealed class SelfStatusBannerTests : ComponentTestContext
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);
    private readonly SelfStatus _status = new();

    public SelfStatusBannerTests() => Services.AddSingleton(_status);

    [Fact]
    public void NothingFailing_ShowsNoBanner()
    {
        _status.Update([SelfCheckResult.Pass(AlertKinds.ConsoleProbingBehind)], Now);

        var banner = Render<SelfStatusBanner>();

        Assert.Empty(banner.FindAll("[role=alert]"));
    }

    [Fact]
    public void CheckStartsFailing_BannerSaysWhatSinceWhenAndWhatToDo_AsText()
    {
        var banner = Render<SelfStatusBanner>();
        Assert.Empty(banner.FindAll("[role=alert]"));

        _status.Update([new SelfCheckResult(AlertKinds.ConsoleChannelsFailing, true, "Every enabled alert channel is failing (<b>ops</b>).", "Fix the channel.")], Now);
        _status.Update([new SelfCheckResult(AlertKinds.ConsoleChannelsFailing, true, "Every enabled alert channel is failing (<b>ops</b>).", "Fix the channel.")], Now.AddMinutes(1));

        banner.WaitForAssertion(() =>
        {
            var alert = banner.Find("[role=alert]");
            Assert.Contains("Every enabled alert channel is failing", alert.TextContent);
            Assert.Contains("since 2026-12-02 10:00:00 UTC", alert.TextContent); // the first failing evaluation, not the latest
            Assert.Contains("What to do: Fix the channel.", alert.TextContent);
            Assert.Contains("<b>ops</b>", alert.TextContent); // operator text stays text
            Assert.Empty(alert.QuerySelectorAll("b"));
        });

        _status.Update([SelfCheckResult.Pass(AlertKinds.ConsoleChannelsFailing)], Now.AddMinutes(2));
        banner.WaitForAssertion(() => Assert.Empty(banner.FindAll("[role=alert]")));
    }
}
