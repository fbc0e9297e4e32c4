using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using McpConsole.TestSupport;
using Xunit.Abstractions;

namespace McpConsole.Web.Tests.ScaleOut;

/// <summary>
/// One of two instances (a real console process) is SIGKILLed: it gives nothing back, its leases run out, and the
/// survivor probes every one of its servers within one lease expiry plus one probe interval.
/// </summary>
public sealed class CrashedInstanceTests(ScaleOutCluster cluster, ITestOutputHelper output) : IClassFixture<ScaleOutCluster>
{
    private const int IntervalSeconds = 5;
    private const int Servers = 8;

    private sealed record IdDto(int Id);

    [Fact]
    public async Task InstanceKilledWithSigkill_ItsLeasesExpire_AndTheSurvivorProbesAllItsServersWithinLeasePlusInterval()
    {
        var database = await cluster.CreateDatabaseAsync();
        await using var sample = await SampleServerChild.StartAsync("crash-sample", "primary");
        await using var crashing = await ConsoleProcess.StartAsync(ScaleOutCluster.Settings(database, "instance-crashing"));
        await using var survivor = ScaleOutCluster.Instance(database, "instance-survivor");
        var api = ScaleOutCluster.Api(survivor);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/ready")).StatusCode);

        var ids = new Dictionary<string, int>();
        for (var i = 0; i < Servers; i++)
        {
            var response = await crashing.Api.PostAsJsonAsync("/api/servers", new
            {
                name = $"crash-{i}", transport = "StreamableHttp", url = sample.McpUrl, timeoutSeconds = 3, probeIntervalSeconds = IntervalSeconds,
            });
            response.EnsureSuccessStatusCode();
            ids[$"crash-{i}"] = (await response.Content.ReadFromJsonAsync<IdDto>())!.Id;
        }

        await ScaleOutCluster.WaitForAsync(async () =>
        {
            var instances = await ScaleOutCluster.InstancesAsync(api);
            return instances.Count == 2 && instances.All(i => i.Live && i.Servers.Count > 0) && instances.Sum(i => i.Servers.Count) == Servers;
        }, TimeSpan.FromSeconds(60), "both instances to hold leases for the whole fleet");
        // Settle for one interval, then make sure the doomed instance really probes its servers.
        await Task.Delay(TimeSpan.FromSeconds(IntervalSeconds));
        var split = await ScaleOutCluster.InstancesAsync(api);
        var ofCrashing = split.Single(i => i.InstanceId == "instance-crashing").Servers.Select(n => ids[n]).ToList();
        output.WriteLine(string.Join("; ", split.Select(i => $"{i.InstanceId}: {string.Join(",", i.Servers)}")));
        var probeCheckFrom = DateTimeOffset.UtcNow;
        await ScaleOutCluster.WaitForAsync(async () =>
        {
            var probed = (await ScaleOutCluster.SamplesAsync(database, ofCrashing)).Where(s => s.At > probeCheckFrom).Select(s => s.ServerId).ToHashSet();
            return ofCrashing.All(probed.Contains);
        }, TimeSpan.FromSeconds(IntervalSeconds * 3), "the instance to be killed to probe its servers");

        var killedAt = DateTimeOffset.UtcNow;
        var sinceKill = Stopwatch.StartNew();
        crashing.Kill();

        // The lease runs out and the next heartbeat of the survivor takes it; the server is then probed when the
        // dead instance had planned (at the latest one interval after its last probe). A generous margin for a
        // loaded machine, where a probe and a heartbeat can each take seconds.
        var bound = ScaleOutCluster.Lease + TimeSpan.FromSeconds(IntervalSeconds);
        var margin = ScaleOutCluster.Heartbeat + TimeSpan.FromSeconds(6);
        var firstProbe = new Dictionary<int, DateTimeOffset>();
        await ScaleOutCluster.WaitForAsync(async () =>
        {
            foreach (var (id, at) in (await ScaleOutCluster.SamplesAsync(database, ofCrashing)).Where(s => s.At > killedAt))
                firstProbe.TryAdd(id, at);
            return firstProbe.Count == ofCrashing.Count;
        }, bound + margin + TimeSpan.FromSeconds(10), $"the survivor to probe servers {string.Join(",", ofCrashing)} of the killed instance");

        var takeovers = firstProbe.Values.Select(at => (at - killedAt).TotalSeconds).Order().ToList();
        output.WriteLine($"killed instance had {ofCrashing.Count} servers; first probe by the survivor after " +
            $"{string.Join(", ", takeovers.Select(s => $"{s:0.0}"))} s (lease {ScaleOutCluster.Lease.TotalSeconds} s, interval {IntervalSeconds} s)");
        Assert.True(takeovers[^1] <= (bound + margin).TotalSeconds,
            $"the last server of the killed instance was probed {takeovers[^1]:0.0} s after the kill; bound {bound.TotalSeconds} s + {margin.TotalSeconds} s margin");

        // The survivor holds every lease; the killed instance shows as not live with nothing to probe.
        await ScaleOutCluster.WaitForAsync(async () =>
        {
            var instances = await ScaleOutCluster.InstancesAsync(api);
            return instances.Single(i => i.InstanceId == "instance-survivor").Servers.Count == Servers
                && instances.Where(i => i.InstanceId == "instance-crashing").All(i => !i.Live && i.Servers.Count == 0);
        }, TimeSpan.FromSeconds(10), "the survivor to hold every lease and the killed instance to show as not live");
        output.WriteLine($"survivor holds every lease {sinceKill.Elapsed.TotalSeconds:0.0} s after the kill");

        // Nothing is lost or probed twice afterwards: every server keeps its interval.
        var after = DateTimeOffset.UtcNow;
        await Task.Delay(TimeSpan.FromSeconds(IntervalSeconds * 3));
        var samples = (await ScaleOutCluster.SamplesAsync(database, ids.Values)).Where(s => s.At > after).ToList();
        Assert.All(ids.Values, id => Assert.InRange(samples.Count(s => s.ServerId == id), 1, 5));
    }
}
