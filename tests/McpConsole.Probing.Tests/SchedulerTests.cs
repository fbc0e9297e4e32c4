using System.Collections.Concurrent;
using McpConsole.Core.Fleet;
using McpConsole.Probing.Tests.Infrastructure;
using McpConsole.TestSupport;
using McpConsole.Web.Features.Fleet;
using McpConsole.Web.Features.Probing;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace McpConsole.Probing.Tests;

/// <summary>The real console: registry -> scheduler -> ladder -> state machine -> batched writer + live notifier.</summary>
public sealed class SchedulerTests : IAsyncLifetime
{
    private readonly ProbingConsole _console = new();
    private readonly ConcurrentQueue<ServerStatusChanged> _published = new();
    private IDisposable? _subscription;

    public Task InitializeAsync()
    {
        _subscription = _console.Services.GetRequiredService<FleetNotifier>().Subscribe(c =>
        {
            _published.Enqueue(c);
            return Task.CompletedTask;
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _subscription?.Dispose();
        await _console.DisposeAsync();
        await TestRun.AssertNoSurvivorsAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Scheduler_HealthyServerThenCatalogDrift_StoresStatusSamplesSnapshotAndDiffEvent()
    {
        await using var server = await SampleHttp.StartAsync("sched-drift");
        var id = await RegisterAsync(new ServerInput { Name = TestRun.Name("drift"), Transport = ServerTransport.StreamableHttp, Url = server.Mcp, ProbeIntervalSeconds = 5, TimeoutSeconds = 5 });

        var healthy = await WaitForAsync(id, s => s.State == "Healthy", TimeSpan.FromSeconds(15)); // first probe within one interval + timeout
        Assert.Equal(4, healthy.ToolCount);
        Assert.Equal("2026-07-28", healthy.ProtocolVersion);
        Assert.Contains(_published, c => c.ServerId == id && c.State == Core.Health.HealthState.Healthy);

        await server.SetFaultsAsync("{\"catalogDrift\":true}");
        await WaitForAsync(id, s => s.CatalogHash != healthy.CatalogHash, TimeSpan.FromSeconds(9));
        await using var db = await Db().CreateDbContextAsync();
        var snapshots = await db.Set<CatalogSnapshot>().Where(c => c.ServerId == id).OrderBy(c => c.Id).ToListAsync();
        Assert.Equal(2, snapshots.Count);
        Assert.Null(snapshots[0].DiffJson);
        Assert.Contains("drift_probe", snapshots[1].DiffJson);
        var events = await db.Set<StateEvent>().Where(e => e.ServerId == id).Select(e => e.Reason).ToListAsync();
        Assert.Contains("tool catalog changed: +drift_probe ~echo (Description)", events);
        Assert.Contains(events, e => e.StartsWith("first probe succeeded", StringComparison.Ordinal));
        Assert.True(await db.Set<ProbeSample>().CountAsync(p => p.ServerId == id) >= 2);
    }

    [Fact]
    public async Task Scheduler_CommandNotFound_MisconfiguredWithinOneInterval()
    {
        var id = await RegisterAsync(new ServerInput { Name = TestRun.Name("missing"), Transport = ServerTransport.Stdio, Command = "/nonexistent/" + TestRun.Marker, ProbeIntervalSeconds = 5, TimeoutSeconds = 5 });
        var status = await WaitForAsync(id, s => s.State == "Misconfigured", TimeSpan.FromSeconds(8));
        Assert.Contains("command not found", status.Reason);

        // Other features ask for a fresh probe instead of connecting themselves; it is recorded like a scheduled one.
        var fresh = await _console.Services.GetRequiredService<ProbeScheduler>().ProbeNowAsync(id, TestRun.Deadline());
        Assert.Equal(Core.Health.ProbeFailureKind.CommandNotFound, fresh?.Result.Failure?.Kind);
    }

    [Fact]
    public async Task Scheduler_ServerStopped_DownWithReasonWithinIntervalTimesThresholdPlusTimeout()
    {
        var server = await SampleHttp.StartAsync("sched-stop");
        var id = await RegisterAsync(new ServerInput { Name = TestRun.Name("stop"), Transport = ServerTransport.StreamableHttp, Url = server.Mcp, ProbeIntervalSeconds = 5, TimeoutSeconds = 5 });
        await WaitForAsync(id, s => s.State == "Healthy", TimeSpan.FromSeconds(15));
        await server.DisposeAsync();

        // interval x threshold + timeout + 2 s = 5 x 3 + 5 + 2 (+ 10% jitter per interval)
        var down = await WaitForAsync(id, s => s.State == "Down", TimeSpan.FromSeconds(24));
        Assert.Contains("3 consecutive failures: connection refused", down.Reason);
        await using var db = await Db().CreateDbContextAsync();
        Assert.True(await db.Set<StateEvent>().AnyAsync(e => e.ServerId == id && e.FromState == "Healthy" && e.ToState == "Down"));
    }

    private IDbContextFactory<ConsoleDbContext> Db() => _console.Services.GetRequiredService<IDbContextFactory<ConsoleDbContext>>();

    private async Task<int> RegisterAsync(ServerInput input)
    {
        var registry = _console.Services.GetRequiredService<ServerRegistry>();
        var result = await registry.CreateAsync(input, new RegistryActor("probing-tests", IsAdmin: true, IsOperator: true));
        Assert.True(result.Succeeded, result.Message + string.Join("; ", result.Errors.Select(e => e.ToString())));
        return result.Value!.Id;
    }

    private async Task<ServerStatus> WaitForAsync(int id, Func<ServerStatus, bool> condition, TimeSpan within)
    {
        var until = DateTime.UtcNow + within;
        ServerStatus? last = null;
        while (DateTime.UtcNow < until)
        {
            await using var db = await Db().CreateDbContextAsync();
            last = await db.Set<ServerStatus>().AsNoTracking().FirstOrDefaultAsync(s => s.ServerId == id);
            if (last is not null && condition(last))
            {
                return last;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"server {id} not as expected within {within.TotalSeconds} s; last: {last?.State} {last?.Reason}");
        return null!;
    }

    private sealed class ProbingConsole : ConsoleAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("McpConsole:Probing:TickInterval", "00:00:00.100");
            builder.UseSetting("McpConsole:Probing:RegistryRefreshInterval", "00:00:01");
        }
    }
}
