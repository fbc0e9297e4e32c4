using Bunit;
using McpConsole.Core.Health;
using McpConsole.Web.Features.Accounts;
using McpConsole.Web.Features.Audit;
using McpConsole.Web.Features.Fleet;
using McpConsole.Web.Features.Metrics;
using McpConsole.Web.Features.Metrics.Charts;
using McpConsole.Web.Features.Metrics.Overview;
using McpConsole.Web.Features.Metrics.Series;
using McpConsole.Web.Features.Probing;
using McpConsole.Web.Features.Topology;
using McpConsole.Web.Infrastructure.Storage;
using McpConsole.Web.Tests.Components;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace McpConsole.Web.Tests.Metrics;

/// <summary>The chart and topology components against a real database, checked through their JS interop calls.</summary>
public sealed class MetricsComponentTests : ComponentTestContext
{
    private MetricsStore _store = default!;
    private readonly FleetNotifier _notifier = new(NullLogger<FleetNotifier>.Instance);
    private readonly ServerLinks _links = new();

    private async Task SetUpAsync()
    {
        _store = await MetricsStore.CreateAsync();
        SignInAs("viewer", ConsoleRole.Viewer);
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton(_notifier);
        Services.AddSingleton(_links);
        Services.AddSingleton<IRegistryChanges>(new RegistryChanges(NullLogger<RegistryChanges>.Instance));
        Services.AddSingleton(new ServerMetricsService(_store.Database, TimeProvider.System, Options.Create(new MetricsOptions())));
        Services.AddSingleton(new FleetOverviewService(_store.Database, TimeProvider.System));
        Services.AddLogging();
        Services.AddDbContextFactory<ConsoleDbContext>(o => o.UseSqlite(_store.ConnectionString));
        Services.AddSingleton<AuditLog>();
        Services.AddSingleton<AvailabilityTargets>();
    }

    [Fact]
    public async Task ApexChart_ImportsTheModule_CreatesWithTheSeries_AndAppends()
    {
        await SetUpAsync();
        var module = JSInterop.SetupModule(ApexChart.ModulePath);
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        IReadOnlyList<ChartSeries> series = [new ChartSeries("p95", [ChartSeries.Point(at, 12.5)])];

        var cut = Render<ApexChart>(p => p.Add(c => c.Label, "Latency").Add(c => c.Series, series).Add(c => c.Kind, ChartKind.Latency));
        await cut.InvokeAsync(() => cut.Instance.AppendAsync([[ChartSeries.Point(at.AddSeconds(5), 20.0)]]));

        var create = Assert.Single(module.Invocations, i => i.Identifier == "create");
        var config = Assert.IsType<ChartConfig>(create.Arguments[1]);
        Assert.Equal("latency", config.Kind);
        Assert.Equal(new object?[] { at.ToUnixTimeMilliseconds(), 12.5 }, Assert.Single(Assert.Single(config.Series).Data));
        var append = Assert.Single(module.Invocations, i => i.Identifier == "append");
        var points = Assert.IsAssignableFrom<IReadOnlyList<IReadOnlyList<object?[]>>>(append.Arguments[1]);
        Assert.Equal(new object?[] { at.AddSeconds(5).ToUnixTimeMilliseconds(), 20.0 }, Assert.Single(Assert.Single(points)));
        Assert.Equal("Latency", cut.Find(".mcp-chart").GetAttribute("aria-label"));
    }

    [Fact]
    public async Task ServerCharts_RangeFromTheUrl_DrawsStoredProbes_AndAppendsLiveProbesThrottled()
    {
        await SetUpAsync();
        var id = await _store.AddServerAsync("alpha");
        var now = DateTimeOffset.UtcNow;
        await _store.AddSamplesAsync(id, (now.AddMinutes(-10), true, 40), (now.AddMinutes(-5), true, 60));
        var module = JSInterop.SetupModule(ApexChart.ModulePath);
        Services.GetRequiredService<NavigationManager>().NavigateTo($"servers/{id}?range=1h");

        var cut = Render<ServerChartsSection>(p => p.Add(c => c.ServerId, id));
        cut.WaitForAssertion(() => Assert.Equal(2, module.Invocations.Count(i => i.Identifier == "create")));
        var latency = module.Invocations.Select(i => i.Arguments.ElementAtOrDefault(1)).OfType<ChartConfig>().Single(c => c.Kind == "latency");
        Assert.Equal(2, latency.Series[1].Data.Count);
        Assert.Equal("true", cut.Find("a[aria-current=true]").GetAttribute("aria-current"));
        Assert.Contains("1h", cut.Find("a[aria-current=true]").TextContent);

        for (var i = 0; i < 20; i++)
            _notifier.Publish(Change(id, HealthState.Healthy, now.AddSeconds(i), 33));

        await PollAsync(() => module.Invocations.Count(i => i.Identifier == "append") >= 2);
        var appended = module.Invocations.Where(i => i.Identifier == "append")
            .Sum(i => ((IReadOnlyList<IReadOnlyList<object?[]>>)i.Arguments[1]!)[0].Count);
        Assert.Equal(40, appended); // 20 probes x (latency chart + availability chart), batched, not 40 calls
        Assert.True(module.Invocations.Count(i => i.Identifier == "append") <= 4);
    }

    [Fact]
    public async Task ServerCharts_UnknownRange_SaysSoInsteadOfFailing()
    {
        await SetUpAsync();
        var id = await _store.AddServerAsync("alpha");
        Services.GetRequiredService<NavigationManager>().NavigateTo($"servers/{id}?range=2w");

        var cut = Render<ServerChartsSection>(p => p.Add(c => c.ServerId, id));

        cut.WaitForAssertion(() => Assert.Contains("Unknown range '2w'", cut.Markup));
    }

    [Fact]
    public async Task Topology_DrawsTheHierarchy_RecoloursInPlace_DrawsLinks_AndClickOpensTheServer()
    {
        await SetUpAsync();
        var a = await _store.AddServerAsync("alpha");
        var b = await _store.AddServerAsync("beta");
        await using (var db = _store.Context())
        {
            foreach (var s in db.Servers)
            {
                s.Group = "host-b";
                s.Location = "on-premise";
            }

            await db.SaveChangesAsync();
        }

        var module = JSInterop.SetupModule(TopologyGraph.ModulePath);
        var cut = Render<TopologyPage>();
        cut.WaitForAssertion(() => Assert.Single(module.Invocations, i => i.Identifier == "create"));
        var elements = Assert.IsAssignableFrom<IReadOnlyList<TopologyElement>>(module.Invocations.Single(i => i.Identifier == "create").Arguments[1]);
        Assert.Contains(new TopologyElement("location:on-premise", "location", "on-premise"), elements);
        Assert.Contains(new TopologyElement("edge:location:on-premise->group:on-premise/host-b", "edge", "", Source: "location:on-premise", Target: "group:on-premise/host-b"), elements);
        Assert.Contains(new TopologyElement($"server:{a}", "server", "alpha", "Unknown", ServerId: a), elements);

        _notifier.Publish(Change(a, HealthState.Down, DateTimeOffset.UtcNow, 0));
        await PollAsync(() => module.Invocations.Any(i => i.Identifier == "setStates"
            && ((IReadOnlyList<string[]>)i.Arguments[1]!).Any(s => s.SequenceEqual([$"server:{a}", "Down"]))));

        _links.Set(new ServerLink(a, b, "standby"));
        await PollAsync(() => module.Invocations.Any(i => i.Identifier == "upsert"
            && ((IReadOnlyList<TopologyElement>)i.Arguments[1]!).Any(e => e.Kind == "link" && e.Source == $"server:{a}" && e.Target == $"server:{b}")));
        Assert.Single(module.Invocations, i => i.Identifier == "create"); // updated in place, never rebuilt

        await cut.InvokeAsync(() => cut.FindComponent<TopologyGraph>().Instance.OpenServer(b));
        Assert.EndsWith($"servers/{b}", Services.GetRequiredService<NavigationManager>().Uri);
    }

    /// <summary>
    /// Live updates call JS without re-rendering, so bunit's render-driven waits do not see them: poll. The check runs on
    /// the renderer's dispatcher, where the component records its interop calls, so it never reads a list being written.
    /// </summary>
    private async Task PollAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await Renderer.Dispatcher.InvokeAsync(condition))
        {
            Assert.True(DateTime.UtcNow < deadline, "the interop call never came");
            await Task.Delay(50);
        }
    }

    private static ServerStatusChanged Change(int id, HealthState state, DateTimeOffset at, double latency) =>
        new(id, "alpha", state, "test", at, latency, state == HealthState.Healthy, null, null, null, null, false);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _store is not null)
            _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
