using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using McpConsole.TestSupport;
using McpConsole.Web.Features.Fleet;
using McpConsole.Web.Features.Probing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace McpConsole.Web.Tests.ScaleOut;

/// <summary>Two console instances on one PostgreSQL database probing one fleet of real sample MCP servers.</summary>
public sealed class TwoInstancesTests(ScaleOutCluster cluster, ITestOutputHelper output) : IClassFixture<ScaleOutCluster>
{
    private const int IntervalSeconds = 5;
    private const int Servers = 6;


    [Fact]
    public async Task TwoInstances_ProbeEachServerOncePerInterval_RelayLiveUpdates_AndTheSurvivorTakesOverWithinAnInterval()
    {
        var database = await cluster.CreateDatabaseAsync();
        await using var sample = await SampleServerChild.StartAsync("scaleout-sample", "primary");
        var a = ScaleOutCluster.Instance(database, "instance-a");
        await using var b = ScaleOutCluster.Instance(database, "instance-b");
        var apiA = ScaleOutCluster.Api(a);
        var apiB = ScaleOutCluster.Api(b);
        Assert.Equal(HttpStatusCode.OK, (await apiA.GetAsync("/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await apiB.GetAsync("/ready")).StatusCode);

        // What each instance's pages would see: probe results and registry changes, local or relayed (LISTEN/NOTIFY).
        var seen = new ConcurrentDictionary<string, ConcurrentBag<ServerStatusChanged>> { ["instance-a"] = [], ["instance-b"] = [] };
        var registryOnB = new ConcurrentBag<RegistryChange>();
        using var watchA = a.Services.GetRequiredService<FleetNotifier>().Subscribe(c => { seen["instance-a"].Add(c); return Task.CompletedTask; });
        using var watchB = b.Services.GetRequiredService<FleetNotifier>().Subscribe(c => { seen["instance-b"].Add(c); return Task.CompletedTask; });
        using var registryB = b.Services.GetRequiredService<IRegistryChanges>().Subscribe(registryOnB.Add);

        var ids = await ScaleOutCluster.RegisterFleetAsync(apiA, Servers, sample.McpUrl, IntervalSeconds);

        // Both instances hold leases and together every server exactly once (the lease table's key makes "once" structural).
        await ScaleOutCluster.WaitForAsync(async () =>
        {
            var instances = await ScaleOutCluster.InstancesAsync(apiB);
            return instances.Count == 2 && instances.All(i => i.Servers.Count > 0) && instances.Sum(i => i.Servers.Count) == Servers;
        }, TimeSpan.FromSeconds(30), "both instances to hold leases for the whole fleet");
        var split = await ScaleOutCluster.InstancesAsync(apiA);
        output.WriteLine(string.Join("; ", split.Select(i => $"{i.InstanceId}: {string.Join(",", i.Servers)}")));

        // Let the hand-over settle for one interval, then count samples over four intervals.
        await Task.Delay(TimeSpan.FromSeconds(IntervalSeconds));
        var windowStart = DateTimeOffset.UtcNow;
        await Task.Delay(TimeSpan.FromSeconds(IntervalSeconds * 4));
        var windowEnd = DateTimeOffset.UtcNow;
        var samples = (await ScaleOutCluster.SamplesAsync(database, ids)).Where(s => s.At >= windowStart && s.At < windowEnd).ToList();
        foreach (var id in ids)
        {
            var times = samples.Where(s => s.ServerId == id).Select(s => s.At).ToList();
            output.WriteLine($"server {id}: {times.Count} samples in {(windowEnd - windowStart).TotalSeconds:0} s");
            // Four intervals with ±10 % jitter: 3 to 5 samples (2 to 6 on a loaded machine, where probes take longer).
            // Probed by both instances would give about 8 and gaps of half an interval; by none, 0.
            Assert.InRange(times.Count, 2, 6);
            var gaps = times.Zip(times.Skip(1), (x, y) => (y - x).TotalSeconds).ToList();
            Assert.All(gaps, g => Assert.True(g > IntervalSeconds * 0.6, $"server {id} probed twice within {g:0.0} s"));
        }

        // Live updates reach every instance: each sees the results of the servers the other probes, marked as relayed,
        // and B saw the servers created through A.
        foreach (var (viewer, other) in new[] { ("instance-a", "instance-b"), ("instance-b", "instance-a") })
        {
            foreach (var name in split.Single(i => i.InstanceId == other).Servers)
            {
                Assert.Contains(seen[viewer], c => c.Name == name && c.RelayedFrom == other);
            }
        }

        Assert.All(ids, id => Assert.Contains(registryOnB, c => c.ServerId == id && c.Kind == RegistryChangeKind.Created && c.RelayedFrom == "instance-a"));

        // Instance A stops: B takes over its servers within one probe interval of the stop (plus lease expiry on a crash;
        // a clean stop gives the leases back at once).
        var ofA = split.Single(i => i.InstanceId == "instance-a").Servers;
        var stopped = Stopwatch.StartNew();
        await a.DisposeAsync();
        var stoppedAt = DateTimeOffset.UtcNow;
        await ScaleOutCluster.WaitForAsync(async () =>
        {
            var instances = await ScaleOutCluster.InstancesAsync(apiB);
            return instances.Count == 1 && instances[0].Servers.Count == Servers;
        }, TimeSpan.FromSeconds(IntervalSeconds * 2), "instance-b to hold every lease");
        output.WriteLine($"instance-b holds every lease {stopped.Elapsed.TotalSeconds:0.0} s after instance-a stopped");

        var bound = TimeSpan.FromSeconds(IntervalSeconds) + ScaleOutCluster.Lease + TimeSpan.FromSeconds(3);
        await ScaleOutCluster.WaitForAsync(async () =>
        {
            var after = (await ScaleOutCluster.SamplesAsync(database, ids)).Where(s => s.At > stoppedAt).Select(s => s.ServerId).ToHashSet();
            return ids.All(after.Contains);
        }, bound, $"every server (including {string.Join(",", ofA)} of instance-a) to be probed after instance-a stopped");
        output.WriteLine($"every server probed again {stopped.Elapsed.TotalSeconds:0.0} s after instance-a stopped");
    }
}
