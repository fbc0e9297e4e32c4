using System.Net.Http.Json;
using McpConsole.Core.Fleet;
using McpConsole.Web.Features.Failover;
using McpConsole.Web.Features.Fleet;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace McpConsole.Web.Features.Demo;

/// <summary>
/// `--demo`: starts real sample MCP servers (HTTP ones as child processes, the stdio one through the probe
/// supervisor like any stdio server), registers them, and stops them with the console. Children also watch
/// the console's PID, so none outlives a console that is killed outright.
/// </summary>
internal sealed class DemoFleet(
    IOptions<DemoOptions> options,
    ServerRegistry registry,
    IDbContextFactory<ConsoleDbContext> dbFactory,
    DemoFailoverGroup failoverGroup,
    TimeProvider clock,
    ILogger<DemoFleet> logger) : BackgroundService
{
    private static readonly RegistryActor DemoActor = new("system:demo", IsAdmin: true, IsOperator: true);
    private readonly List<DemoProcess> _processes = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var dll = SampleServerLocator.Find(options.Value.SampleServerPath);
        if (dll is null)
        {
            logger.LogError("Demo fleet not started: McpConsole.SampleServer.dll was not found. Build the solution " +
                "(dotnet build) or set McpConsole__Demo__SampleServerPath");
            return;
        }

        var http = DemoFleetPlan.Servers.Where(s => !s.Stdio).ToList();
        var started = await Task.WhenAll(http.Select(s => StartOrNullAsync(dll, s, stoppingToken)));
        lock (_processes) _processes.AddRange(started.OfType<DemoProcess>());

        for (var i = 0; i < http.Count; i++)
        {
            if (started[i] is { } process)
                await RegisterAsync(http[i], new ServerInput { Transport = ServerTransport.StreamableHttp, Url = new Uri(process.BaseUri, "mcp").ToString() }, stoppingToken);
        }
        foreach (var stdio in DemoFleetPlan.Servers.Where(s => s.Stdio))
            await RegisterAsync(stdio, new ServerInput { Transport = ServerTransport.Stdio, Command = "dotnet", Arguments = [dll, "--stdio", "--name", stdio.Name] }, stoppingToken);
        await failoverGroup.EnsureAsync(DemoFleetPlan.PrimaryServer, DemoFleetPlan.StandbyServer, stoppingToken);
        logger.LogInformation("Demo fleet running: {Count} sample servers", DemoFleetPlan.Servers.Count);

        var flakyIndex = http.FindIndex(s => s.Name == DemoFleetPlan.FlakyServer);
        if (flakyIndex >= 0 && started[flakyIndex] is { } flaky)
            await ToggleFlakyAsync(flaky, stoppingToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        DemoProcess[] processes;
        lock (_processes)
        {
            processes = [.. _processes];
            _processes.Clear();
        }
        foreach (var process in processes)
            await process.DisposeAsync();
    }

    private async Task<DemoProcess?> StartOrNullAsync(string dll, DemoServer server, CancellationToken ct)
    {
        try
        {
            return await DemoProcess.StartAsync(dll, server, ct);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or OperationCanceledException)
        {
            logger.LogError("Demo server {Name} did not start: {Reason}", server.Name, ex.Message);
            return null;
        }
    }

    private async Task RegisterAsync(DemoServer server, ServerInput connection, CancellationToken ct)
    {
        var input = connection with
        {
            Name = server.Name, Group = server.Group, Location = server.Location, Tags = server.Tags,
            CpuCores = server.CpuCores, MemoryMb = server.MemoryMb, ProbeIntervalSeconds = 10, TimeoutSeconds = 5,
            CheckHttpHealthEndpoints = server.CheckHttpEndpoints, Enabled = true,
        };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var existing = await db.Servers.FirstOrDefaultAsync(s => s.Name == server.Name, ct);
        var result = existing is null
            ? await registry.CreateAsync(input, DemoActor, ct)
            : await registry.UpdateAsync(existing.Id, input, DemoActor, ct);
        if (!result.Succeeded)
        {
            logger.LogError("Demo server {Name} not registered: {Reason}", server.Name, result.Message);
            return;
        }
        await db.Servers.Where(s => s.Id == result.Value!.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.IsDemo, true), ct);
    }

    /// <summary>Degraded for the second half of each period, so the views always have a change to show.</summary>
    private async Task ToggleFlakyAsync(DemoProcess flaky, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = flaky.BaseUri, Timeout = TimeSpan.FromSeconds(5) };
        http.DefaultRequestHeaders.Add("X-Admin-Token", flaky.AdminToken);
        var half = options.Value.FlakyPeriod / 2;
        var degraded = false;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(half, clock, ct);
                degraded = !degraded;
                await http.PostAsJsonAsync("admin/faults", degraded ? new { degraded = true } : new { degraded = false }, ct);
            }
            catch (HttpRequestException ex)
            {
                logger.LogWarning("Demo flaky toggle failed: {Reason}", ex.Message);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
