using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using McpConsole.TestSupport;
using McpConsole.Web.Features.Costs;
using McpConsole.Web.Features.Costs.Sampling;
using McpConsole.Web.Features.Metrics;
using McpConsole.Web.Features.Demo;
using McpConsole.Web.Features.Probing;
using McpConsole.Web.Tests.Fleet;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace McpConsole.Web.Tests.Costs;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CostMeasurementCollection
{
    public const string Name = "cost measurement";
}

/// <summary>
/// Real sample servers burning half a core and holding 200 MB; the console's readings (through the sampler, the
/// store and GET /api/costs/summary) must be within 10 % of what the kernel says the process used over the same time.
/// The hosted loop samples hourly here, so the test decides when the two readings happen.
/// </summary>
[Collection(CostMeasurementCollection.Name)]
public sealed class ResourceMeasurementTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string[] Faults = ["--fault-cpu-share", "0.5", "--fault-memory-mb", "200"];
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(20);
    private readonly ConsoleAppFactory _root = new();
    private WebApplicationFactory<Program> _app = null!;

    public Task InitializeAsync()
    {
        _app = _root.WithWebHostBuilder(b => b.UseSetting("McpConsole:Costs:SampleInterval", "01:00:00"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _root.DisposeAsync();
    }

    [Fact]
    public async Task StdioServerLaunchedByTheConsole_CpuAndMemoryWithinTenPercentOfTheKernelsAccount()
    {
        var admin = Admin();
        var dll = SampleServerLocator.Find(null) ?? throw new InvalidOperationException("build the solution: McpConsole.SampleServer.dll not found");
        var name = FleetApi.UniqueName("burn-stdio");
        var id = await admin.CreateAsync(new
        {
            name, transport = "Stdio", command = "dotnet", arguments = new[] { dll, "--stdio", "--name", name }.Concat(Faults).ToArray(),
            cpuCores = 0.25, memoryMb = 512,
        });
        var supervisor = _app.Services.GetRequiredService<StdioSupervisor>();
        var pid = await WaitForAsync(() => supervisor.RunningProcesses.TryGetValue(id, out var p) ? p : (int?)null, TimeSpan.FromSeconds(90));

        await MeasureAndCompareAsync(admin, id, pid);
    }

    [Fact]
    public async Task StdioServer_RequestsAreCountedByTheConsole_ItsProbesAreNotClientRequests()
    {
        var admin = Admin();
        var dll = SampleServerLocator.Find(null) ?? throw new InvalidOperationException("build the solution: McpConsole.SampleServer.dll not found");
        var name = FleetApi.UniqueName("count-stdio");
        var id = await admin.CreateAsync(new { name, transport = "Stdio", command = "dotnet", arguments = new[] { dll, "--stdio", "--name", name } });
        var supervisor = _app.Services.GetRequiredService<StdioSupervisor>();
        var scheduler = _app.Services.GetRequiredService<ProbeScheduler>();
        var observed = _app.Services.GetRequiredService<ObservedRequests>();
        var sampler = _app.Services.GetRequiredService<ResourceSampler>();
        await WaitForAsync(() => supervisor.RunningProcesses.TryGetValue(id, out var p) ? p : (int?)null, TimeSpan.FromSeconds(90));
        await WaitForAsync(() => scheduler.ProbeNowAsync(id, CancellationToken.None).GetAwaiter().GetResult()?.Succeeded == true ? 1 : (int?)null, TimeSpan.FromSeconds(60));

        Assert.True(await sampler.SampleOnceAsync() >= 1);
        var probes = observed.Probes(id);
        Assert.True((await scheduler.ProbeNowAsync(id, CancellationToken.None))?.Succeeded);
        Assert.True(observed.Probes(id) > probes, "the console counts the requests it sends");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.True(await sampler.SampleOnceAsync() >= 1);

        await using var connection = await _app.Services.GetRequiredService<MetricsDatabase>().OpenAsync(CancellationToken.None);
        var samples = ResourceStore.Samples(connection, id, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        output.WriteLine($"{observed.Probes(id)} probe requests; readings: {string.Join("; ", samples.Select(x => $"{x.At:HH:mm:ss.fff} requests {x.Requests?.ToString() ?? "unknown"}"))}");
        // The first reading only opens the count; the second says how many client requests came in between: none,
        // although the console sent probe requests in that time. Unknown (null) would give the idle advice no evidence.
        Assert.Equal(2, samples.Count);
        Assert.Null(samples[0].Requests);
        Assert.Equal(0, samples[1].Requests);
    }

    [Fact]
    public async Task HttpServerPublishingPrometheusMetrics_CpuAndMemoryWithinTenPercentOfTheKernelsAccount()
    {
        await using var server = await SampleServerChild.StartAsync(FleetApi.UniqueName("burn-http"), "primary", Faults);
        var admin = Admin();
        var id = await admin.CreateAsync(new { name = FleetApi.UniqueName("burn-http"), transport = "StreamableHttp", url = server.McpUrl, cpuCores = 0.25, memoryMb = 512 });

        await MeasureAndCompareAsync(admin, id, server.ProcessId!.Value);
    }

    [Fact]
    public async Task HttpServerWithoutPrometheusMetrics_MemoryFromItsHealthResource()
    {
        await using var server = await SampleServerChild.StartAsync(FleetApi.UniqueName("mem-http"), "primary", ["--fault-memory-mb", "150"]);
        var admin = Admin();
        // Its metrics are "elsewhere", at a port where nothing listens: the sampler must not invent CPU from nowhere.
        var id = await admin.CreateAsync(new
        {
            name = FleetApi.UniqueName("mem-http"), transport = "StreamableHttp", url = server.McpUrl, memoryMb = 512, metricsUrl = "http://127.0.0.1:1/metrics",
        });

        var pid = server.ProcessId!.Value;
        await WaitForAsync(() => ProcessTruth.ResidentMb(pid) > 150 ? 1 : (int?)null, TimeSpan.FromSeconds(30));
        var scheduler = _app.Services.GetRequiredService<ProbeScheduler>();
        await WaitForAsync(() => scheduler.ProbeNowAsync(id, CancellationToken.None).GetAwaiter().GetResult()?.Succeeded == true ? 1 : (int?)null, TimeSpan.FromSeconds(60));
        var trueMb = ProcessTruth.ResidentMb(pid);

        var sampler = _app.Services.GetRequiredService<ResourceSampler>();
        Assert.True(await sampler.SampleOnceAsync() >= 1);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.True(await sampler.SampleOnceAsync() >= 1);

        var summary = await admin.GetFromJsonAsync<JsonElement>("/api/costs/summary?days=1");
        var row = summary.GetProperty("servers").EnumerateArray().Single(s => s.GetProperty("serverId").GetInt32() == id);
        var measuredMb = row.GetProperty("avgMemoryMb").GetDouble();
        output.WriteLine($"memory from health://status: {measuredMb:0.0} MB, kernel VmRSS {trueMb:0.0} MB; cpu {row.GetProperty("avgCpuCores")}");
        Assert.InRange(measuredMb, trueMb * 0.9, trueMb * 1.1);
        Assert.True(measuredMb > 150, $"the server holds 150 MB, measured {measuredMb:0.0} MB");
    }

    [Fact]
    public async Task HttpServerWithItsMetricsElsewhere_SamplerReadsTheMetricsUrlSetThroughTheApi()
    {
        await using var server = await SampleServerChild.StartAsync(FleetApi.UniqueName("burn-elsewhere"), "primary", Faults);
        var admin = Admin();
        // The MCP URL is on a port where nothing listens, so its default {origin}/metrics has nothing: only the configured
        // URL (the sample server's real /metrics) can give readings.
        var id = await admin.CreateAsync(new
        {
            name = FleetApi.UniqueName("burn-elsewhere"), transport = "StreamableHttp", url = "http://127.0.0.1:1/mcp", cpuCores = 0.25, memoryMb = 512,
            metricsUrl = new Uri(new Uri(server.McpUrl), "/metrics").ToString(),
        });

        await MeasureAndCompareAsync(admin, id, server.ProcessId!.Value);
    }

    private async Task MeasureAndCompareAsync(HttpClient admin, int id, int pid)
    {
        var sampler = _app.Services.GetRequiredService<ResourceSampler>();
        // Let the burner and the 200 MB settle (the memory is written page by page at start).
        await WaitForAsync(() => ProcessTruth.ResidentMb(pid) > 200 ? 1 : (int?)null, TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(2));

        var cpu0 = ProcessTruth.CpuSeconds(pid);
        var clock = Stopwatch.StartNew();
        Assert.True(await sampler.SampleOnceAsync() >= 1);
        await Task.Delay(Window);
        Assert.True(await sampler.SampleOnceAsync() >= 1);
        var trueCores = (ProcessTruth.CpuSeconds(pid) - cpu0) / clock.Elapsed.TotalSeconds;
        var trueMb = ProcessTruth.ResidentMb(pid);

        var summary = await admin.GetFromJsonAsync<JsonElement>("/api/costs/summary?days=1");
        var row = summary.GetProperty("servers").EnumerateArray().Single(s => s.GetProperty("serverId").GetInt32() == id);
        var measuredCores = row.GetProperty("avgCpuCores").GetDouble();
        var measuredMb = row.GetProperty("avgMemoryMb").GetDouble();
        output.WriteLine($"CPU: measured {measuredCores:0.0000} cores, kernel {trueCores:0.0000} cores (fault asks 0.5); memory: measured {measuredMb:0.0} MB, kernel VmRSS {trueMb:0.0} MB; load {File.ReadAllText("/proc/loadavg").Trim()}");

        // The burner spins for half of every 50 ms of wall time; on a loaded machine it is preempted and gets less, which
        // is why the truth is the kernel's count. An idle sample server uses about 0.01 cores: this checks the burn shows.
        Assert.True(trueCores > 0.05, $"the burner should be measurable, the kernel says {trueCores:0.000} cores");
        Assert.InRange(measuredCores, trueCores * 0.9, trueCores * 1.1);
        Assert.InRange(measuredMb, trueMb * 0.9, trueMb * 1.1);
        Assert.True(measuredMb > 200, $"the server holds 200 MB, measured {measuredMb:0.0} MB");
        // Billed at max(allocated 0.25, used): above the allocation, so the idle CPU cost is zero and the cost is positive.
        Assert.True(row.GetProperty("cost").GetDecimal() > 0);
        Assert.InRange(row.GetProperty("knownHours").GetDouble() * 3600, Window.TotalSeconds * 0.9, Window.TotalSeconds * 1.5);
    }

    private HttpClient Admin()
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ConsoleAppFactory.BootstrapKey);
        return client;
    }

    private static async Task<int> WaitForAsync(Func<int?> probe, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (probe() is { } value)
                return value;
            await Task.Delay(250);
        }

        throw new TimeoutException($"condition not met within {timeout.TotalSeconds} s");
    }
}
