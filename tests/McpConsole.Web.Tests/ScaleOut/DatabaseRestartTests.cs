using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using McpConsole.TestSupport;
using McpConsole.Web.Tests.Backups;
using Xunit.Abstractions;

namespace McpConsole.Web.Tests.ScaleOut;

/// <summary>
/// The PostgreSQL server restarts (stopped for 10 s) under two running console instances probing one fleet, across a
/// minute boundary of a backup plan's schedule.
/// </summary>
public sealed class DatabaseRestartTests(ScaleOutCluster cluster, ITestOutputHelper output) : IClassFixture<ScaleOutCluster>
{
    private const int IntervalSeconds = 5;
    private const int Servers = 6;
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);


    private sealed record Answer(string Instance, string Path, HttpStatusCode? Status, DateTimeOffset At);

    [Fact]
    public async Task PostgresRestart_BothInstancesKeepServing_ResumeProbingWithoutDoubles_AndTheScheduledBackupRunsOnce()
    {
        var database = await cluster.CreateDatabaseAsync();
        await using var sample = await SampleServerChild.StartAsync("pg-restart-sample", "primary");
        await using var a = ScaleOutCluster.Instance(database, "instance-a");
        await using var b = ScaleOutCluster.Instance(database, "instance-b");
        var apis = new Dictionary<string, HttpClient> { ["instance-a"] = ScaleOutCluster.Api(a), ["instance-b"] = ScaleOutCluster.Api(b) };
        var apiA = apis["instance-a"];

        var ids = await ScaleOutCluster.RegisterFleetAsync(apiA, Servers, sample.McpUrl, IntervalSeconds);

        var folder = BackupApi.TempFolder("pg-restart-plan");
        File.WriteAllText(Path.Combine(folder, "servers.json"), "{}");
        var source = await apiA.AddFolderSourceAsync("pg-restart-" + Guid.NewGuid().ToString("N")[..6], folder);
        var planName = "every-minute-" + Guid.NewGuid().ToString("N")[..6];
        var created = await apiA.PostAsJsonAsync("/api/backups/plans", new { name = planName, sources = new[] { source }, cron = "* * * * *", keepLast = 100 });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());

        await ScaleOutCluster.WaitForAsync(async () =>
        {
            var instances = await ScaleOutCluster.InstancesAsync(apiA);
            return instances.Count == 2 && instances.All(i => i.Servers.Count > 0) && instances.Sum(i => i.Servers.Count) == Servers;
        }, TimeSpan.FromSeconds(30), "both instances to hold leases for the whole fleet");

        // The outage covers a minute boundary (a backup due while the database is away).
        var boundary = OncePerScheduleTests.MinuteFloor(DateTimeOffset.UtcNow).AddMinutes(1);
        if (boundary - DateTimeOffset.UtcNow < TimeSpan.FromSeconds(8))
            boundary = boundary.AddMinutes(1);
        await Task.Delay(boundary - TimeSpan.FromSeconds(3) - DateTimeOffset.UtcNow);

        using var watching = new CancellationTokenSource();
        var answers = new ConcurrentQueue<Answer>();
        var watcher = WatchAsync(apis, answers, watching.Token);
        var stoppedAt = DateTimeOffset.UtcNow;
        await cluster.Postgres.StopServerAsync();
        DateTimeOffset restartedAt;
        try
        {
            await Task.Delay(Outage);
        }
        finally
        {
            await cluster.Postgres.StartServerAsync();
            restartedAt = DateTimeOffset.UtcNow;
        }

        output.WriteLine($"PostgreSQL stopped {stoppedAt:HH:mm:ss.fff}, started again {restartedAt:HH:mm:ss.fff} (boundary {boundary:HH:mm:ss})");
        var sinceRestart = Stopwatch.StartNew();
        await ScaleOutCluster.WaitForAsync(async () =>
        {
            var after = (await ScaleOutCluster.SamplesAsync(database, ids)).Where(s => s.At > restartedAt).Select(s => s.ServerId).ToHashSet();
            return ids.All(after.Contains);
        }, TimeSpan.FromSeconds(60), "every server to be probed again after the restart");
        output.WriteLine($"every server probed again {sinceRestart.Elapsed.TotalSeconds:0.0} s after PostgreSQL was back");
        await ScaleOutCluster.WaitForAsync(async () =>
        {
            var instances = await ScaleOutCluster.InstancesAsync(apiA);
            return instances.Count == 2 && instances.All(i => i.Servers.Count > 0) && instances.Sum(i => i.Servers.Count) == Servers;
        }, TimeSpan.FromSeconds(60), "both instances to share the fleet again");
        output.WriteLine($"both instances hold leases again {sinceRestart.Elapsed.TotalSeconds:0.0} s after PostgreSQL was back");

        // Through the next minute boundary, so the backup due in the outage and the one after it have both had their turn.
        var slack = TimeSpan.FromSeconds(40);
        var end = boundary.AddMinutes(1) + slack;
        if (end > DateTimeOffset.UtcNow)
            await Task.Delay(end - DateTimeOffset.UtcNow);
        await watching.CancelAsync();
        await watcher;

        // The operator's view while the database was away: both instances alive, /ready not ready, ready again after.
        foreach (var (name, _) in apis)
        {
            var mine = answers.Where(x => x.Instance == name).ToList();
            var health = mine.Where(x => x.Path == "/health").ToList();
            Assert.True(health.Count > 20, $"{name}: only {health.Count} /health answers");
            Assert.All(health, x => Assert.True(x.Status == HttpStatusCode.OK, $"{name} /health answered {x.Status?.ToString() ?? "nothing"} at {x.At:HH:mm:ss.fff}"));
            var ready = mine.Where(x => x.Path == "/ready").ToList();
            var notReady = ready.Where(x => x.Status != HttpStatusCode.OK).ToList();
            Assert.NotEmpty(notReady);
            output.WriteLine($"{name}: /ready not ready from {notReady[0].At:HH:mm:ss.fff} to {notReady[^1].At:HH:mm:ss.fff} "
                + $"({(notReady[0].At - stoppedAt).TotalSeconds:0.0} s after the stop, {(notReady[^1].At - restartedAt).TotalSeconds:0.0} s after the start)");
            Assert.Equal(HttpStatusCode.OK, ready[^1].Status);
        }

        // Never probed by both instances: no server probed twice within part of an interval, from the stop on.
        var samples = await ScaleOutCluster.SamplesAsync(database, ids);
        foreach (var id in ids)
        {
            var times = samples.Where(s => s.ServerId == id && s.At >= stoppedAt - TimeSpan.FromSeconds(IntervalSeconds)).Select(s => s.At).ToList();
            var gaps = times.Zip(times.Skip(1), (x, y) => (y - x).TotalSeconds).ToList();
            output.WriteLine($"server {id}: {times.Count} samples, gaps {string.Join(" ", gaps.Select(g => g.ToString("0.0")))}");
            Assert.All(gaps, g => Assert.True(g > IntervalSeconds * 0.6, $"server {id} probed twice within {g:0.0} s"));
        }

        // The backup due during the outage ran once (late), the next one once on time.
        var backups = await OncePerScheduleTests.PlanBackupsAsync(a, planName);
        output.WriteLine($"plan backups: {string.Join(", ", backups.Select(t => t.ToString("HH:mm:ss.fff")))}");
        Assert.Single(backups, t => t >= boundary && t < boundary + slack);
        Assert.Single(backups, t => t >= boundary.AddMinutes(1) && t < end);
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>Asks each instance for /health and /ready every 250 ms until cancelled.</summary>
    private static async Task WatchAsync(Dictionary<string, HttpClient> apis, ConcurrentQueue<Answer> answers, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            foreach (var (name, api) in apis)
            {
                foreach (var path in new[] { "/health", "/ready" })
                {
                    HttpStatusCode? status;
                    try
                    {
                        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                        using var response = await api.GetAsync(path, timeout.Token);
                        status = response.StatusCode;
                    }
                    catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
                    {
                        status = null;
                    }

                    answers.Enqueue(new Answer(name, path, status, DateTimeOffset.UtcNow));
                }
            }

            try
            {
                await Task.Delay(250, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
