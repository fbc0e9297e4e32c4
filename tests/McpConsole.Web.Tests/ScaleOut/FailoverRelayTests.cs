using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using McpConsole.TestSupport;
using McpConsole.Web.Features.Failover;
using McpConsole.Web.Tests.Failover;
using Microsoft.Extensions.DependencyInjection;

namespace McpConsole.Web.Tests.ScaleOut;

/// <summary>
/// A failover group changed through one instance updates the failover pages of the other (LISTEN/NOTIFY), once, and the
/// relayed change is not sent back. The checks job is off, so only the API's changes publish anything.
/// </summary>
public sealed class FailoverRelayTests(ScaleOutCluster cluster) : IClassFixture<ScaleOutCluster>
{
    [Fact]
    public async Task GroupChangedOnOneInstance_UpdatesTheOtherInstancesPages_OnceAndWithoutEcho()
    {
        var database = await cluster.CreateDatabaseAsync();
        await using var a = Instance(database, "instance-a");
        await using var b = Instance(database, "instance-b");
        var apiA = ScaleOutCluster.Api(a);
        var apiB = ScaleOutCluster.Api(b);
        Assert.Equal(HttpStatusCode.OK, (await apiA.GetAsync("/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await apiB.GetAsync("/ready")).StatusCode);

        // What the failover pages (and the topology) of each instance are told.
        var seenOnA = new ConcurrentQueue<int>();
        var seenOnB = new ConcurrentQueue<int>();
        using var watchA = a.Services.GetRequiredService<FailoverNotifier>().Subscribe(id => { seenOnA.Enqueue(id); return Task.CompletedTask; });
        using var watchB = b.Services.GetRequiredService<FailoverNotifier>().Subscribe(id => { seenOnB.Enqueue(id); return Task.CompletedTask; });

        await using var pair = await FailoverPair.StartAsync(apiA, "relay");
        await ScaleOutCluster.WaitForAsync(() => Task.FromResult(seenOnB.Contains(pair.GroupId)), TimeSpan.FromSeconds(10), "instance-b to hear of the group created on instance-a");

        foreach (var (api, here, there, interval) in new[] { (apiA, seenOnA, seenOnB, 7), (apiB, seenOnB, seenOnA, 9) })
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            here.Clear();
            there.Clear();
            var changed = await api.PutAsJsonAsync($"/api/failover/groups/{pair.GroupId}", new { checkIntervalSeconds = interval });
            Assert.True(changed.IsSuccessStatusCode, await changed.Content.ReadAsStringAsync());
            await ScaleOutCluster.WaitForAsync(() => Task.FromResult(there.Contains(pair.GroupId)), TimeSpan.FromSeconds(10), "the other instance to hear of the change");

            // The other instance's page reads the change from the database when told.
            var other = api == apiA ? apiB : apiA;
            var group = await other.GetFromJsonAsync<PolicyOfGroupDto>($"/api/failover/groups/{pair.GroupId}");
            Assert.Equal(interval, group!.Policy.CheckIntervalSeconds);

            // Once on each side, and no echo: the relayed change is not relayed back to where it was made.
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.Equal([pair.GroupId], here.ToArray());
            Assert.Equal([pair.GroupId], there.ToArray());
        }
    }

    private sealed record PolicyOfGroupDto(PolicyDto Policy);

    private sealed record PolicyDto(int CheckIntervalSeconds);

    private static ConsoleAppFactory Instance(string database, string name) => new()
    {
        Settings = new Dictionary<string, string>(ScaleOutCluster.Settings(database, name, probing: false)) { ["McpConsole:Failover:Enabled"] = "false" },
    };
}
