using Bunit;
using McpConsole.Web.Features.Accounts;
using McpConsole.Web.Features.Metrics.Overview;
using McpConsole.Web.Features.Overview;
using McpConsole.Web.Features.Probing;
using McpConsole.Web.Features.ScaleOut;
using McpConsole.Web.Features.SelfMonitoring;
using McpConsole.Web.Tests.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace McpConsole.Web.Tests.Metrics;

/// <summary>A live page turns a server stale by itself: no probe, no push, only time passing (a fake clock).</summary>
public sealed class StaleOverviewTests : ComponentTestContext
{
    [Fact]
    public async Task Overview_HealthyServerTurnsUnknown_WhenItsResultAgesPastTheThreshold_WithoutAnyPush()
    {
        await using var store = await MetricsStore.CreateAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        SignInAs("viewer", ConsoleRole.Viewer);
        Services.AddSingleton<TimeProvider>(clock);
        Services.AddSingleton(new FleetNotifier(NullLogger<FleetNotifier>.Instance));
        Services.AddSingleton(new FleetOverviewService(store.Database, clock));
        ComponentFactories.AddStub<InstancesPanel>();
        ComponentFactories.AddStub<SelfStatusBanner>();

        var id = await store.AddServerAsync("alpha"); // 30 s interval, 10 s timeout: stale after 70 s
        var checkedAt = clock.GetUtcNow();
        await using (var db = store.Context())
        {
            db.ServerStatus.Add(new ServerStatus
            {
                ServerId = id, State = "Healthy", Reason = "ok", Since = checkedAt.AddHours(-1), LastCheckedAt = checkedAt, NextCheckAt = checkedAt.AddSeconds(30),
            });
            await db.SaveChangesAsync();
        }

        var cut = Render<OverviewPage>();
        cut.WaitForAssertion(() => Assert.Equal("Healthy", cut.Find("a.tile").GetAttribute("data-state")));
        Assert.StartsWith("alpha: Healthy, checked ", cut.Find("a.tile").GetAttribute("aria-label"));

        clock.Advance(TimeSpan.FromSeconds(69));
        cut.WaitForAssertion(() => Assert.Contains("checked 69 s ago", cut.Find("a.tile").GetAttribute("aria-label")), TimeSpan.FromSeconds(30));
        Assert.Equal("Healthy", cut.Find("a.tile").GetAttribute("data-state"));

        clock.Advance(TimeSpan.FromSeconds(2));
        cut.WaitForAssertion(() => Assert.Equal("Unknown", cut.Find("a.tile").GetAttribute("data-state")), TimeSpan.FromSeconds(30));
        Assert.StartsWith("alpha: Unknown, no result since ", cut.Find("a.tile").GetAttribute("aria-label"));
        Assert.Contains("1 server(s) have no recent result", cut.Markup);
    }
}
