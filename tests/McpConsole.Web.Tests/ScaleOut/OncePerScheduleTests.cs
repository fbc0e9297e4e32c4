using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using McpConsole.TestSupport;
using McpConsole.Web.Features.Audit;
using McpConsole.Web.Features.Failover;
using McpConsole.Web.Infrastructure.Storage;
using McpConsole.Web.Tests.Backups;
using McpConsole.Web.Tests.Failover;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace McpConsole.Web.Tests.ScaleOut;

/// <summary>
/// Two console instances on one PostgreSQL database: a backup plan runs once per cron occurrence and a failover group
/// is checked once per interval and promoted once, whichever instance's job server picks the work up.
/// </summary>
public sealed class OncePerScheduleTests(ScaleOutCluster cluster, ITestOutputHelper output) : IClassFixture<ScaleOutCluster>
{
    [Fact]
    public async Task TwoInstances_BackupOncePerCronOccurrence_FailoverCheckedOncePerInterval_AndPromotedOnce()
    {
        var database = await cluster.CreateDatabaseAsync();
        var roleRequests = new ConcurrentQueue<RoleRequest>();
        await using var a = new RoleRecordingInstance("instance-a", roleRequests) { Settings = ScaleOutCluster.Settings(database, "instance-a") };
        await using var b = new RoleRecordingInstance("instance-b", roleRequests) { Settings = ScaleOutCluster.Settings(database, "instance-b") };
        var apiA = ScaleOutCluster.Api(a);
        var apiB = ScaleOutCluster.Api(b);
        Assert.Equal(HttpStatusCode.OK, (await apiA.GetAsync("/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await apiB.GetAsync("/ready")).StatusCode);

        // A plan every minute (the finest a plan's five-field cron allows) backing up a small folder.
        var folder = BackupApi.TempFolder("scaleout-plan");
        File.WriteAllText(Path.Combine(folder, "servers.json"), "{}");
        var source = await apiA.AddFolderSourceAsync("scaleout-" + Guid.NewGuid().ToString("N")[..6], folder);
        var planName = "every-minute-" + Guid.NewGuid().ToString("N")[..6];
        var created = await apiA.PostAsJsonAsync("/api/backups/plans", new { name = planName, sources = new[] { source }, cron = "* * * * *", keepLast = 100 });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var planCreatedAt = DateTimeOffset.UtcNow;

        // A failover pair of real sample servers, checked every 3 s, created through instance B.
        await using (var pair = await FailoverPair.StartAsync(apiB, "once"))
        {
            await pair.WaitUntilHealthyAsync();

            // Two minute boundaries after the plan was created, plus time for the second backup to finish.
            var lastBoundary = MinuteFloor(planCreatedAt).AddMinutes(2);
            var slack = TimeSpan.FromSeconds(40);
            var windowStart = DateTimeOffset.UtcNow;
            await Task.Delay(lastBoundary + slack - DateTimeOffset.UtcNow);
            var windowEnd = DateTimeOffset.UtcNow;

            // Failover checks: every round reads the primary's GET /role once. One round per 3 s interval across both
            // instances; a round run by both instances would show as two reads of the primary within moments.
            var primaryRole = new Uri(pair.Primary.BaseUri, "role");
            var checks = roleRequests.Where(r => r.Method == "GET" && r.Uri == primaryRole && r.At >= windowStart && r.At < windowEnd).OrderBy(r => r.At).ToList();
            var seconds = (windowEnd - windowStart).TotalSeconds;
            output.WriteLine($"failover rounds in {seconds:0} s: {checks.Count} (interval {FailoverPair.IntervalSeconds} s); by instance: "
                + string.Join(", ", checks.GroupBy(c => c.Instance).Select(g => $"{g.Key} {g.Count()}")));
            var gaps = checks.Zip(checks.Skip(1), (x, y) => (y.At - x.At).TotalSeconds).ToList();
            output.WriteLine($"gaps between rounds: min {gaps.Min():0.00} s, median {gaps.Order().ElementAt(gaps.Count / 2):0.00} s");
            Assert.InRange(checks.Count, (int)(seconds / FailoverPair.IntervalSeconds / 3), (int)(seconds / FailoverPair.IntervalSeconds) + 2);
            Assert.All(gaps, g => Assert.True(g > 0.5, $"the primary was checked twice within {g:0.00} s: one round run twice"));

            // Backups: exactly one per minute boundary passed, started within the slack of its boundary.
            var backups = await PlanBackupsAsync(a, planName);
            output.WriteLine($"plan backups (created {planCreatedAt:HH:mm:ss}): {string.Join(", ", backups.Select(t => t.ToString("HH:mm:ss.fff")))}");
            var boundaries = Enumerable.Range(1, 2).Select(i => MinuteFloor(planCreatedAt).AddMinutes(i)).ToList();
            Assert.All(boundaries, m => Assert.Single(backups, t => t >= m && t < m + slack));
            Assert.Equal(boundaries.Count, backups.Count(t => t < lastBoundary + slack));

            // A dead primary is promoted away from once: one Detected, one Promoted, one POST /promote, epoch 1.
            var killedAt = DateTimeOffset.UtcNow;
            await pair.Primary.KillAsync();
            Assert.NotNull(await FailoverPair.WaitForAsync(async () => (await pair.Standby.GetRoleAsync())?.Role == "primary", pair.Bound + TimeSpan.FromSeconds(10)));
            await FailoverPair.WaitForGroupAsync(pair, g => g.State == "FailedOver");
            await Task.Delay(TimeSpan.FromSeconds(FailoverPair.IntervalSeconds * 3));
            var events = await pair.EventsAsync();
            output.WriteLine(string.Join("\n", events.Select(e => $"{e.Kind} epoch {e.Epoch}: {e.Message}")));
            Assert.Single(events, e => e.Kind == "Promoted");
            Assert.Single(events, e => e.Kind == "Detected");
            Assert.Single(roleRequests, r => r.Method == "POST" && r.Uri.AbsolutePath == "/promote" && r.At >= killedAt);
            Assert.Equal(new Support.RoleStateDto("primary", 1), Support.Dto(await pair.Standby.GetRoleAsync()));
            Assert.Equal(1, (await pair.GroupAsync()).Epoch);
            Assert.True(pair.BothPrimaryObservations.Count == 0, string.Join("\n", pair.BothPrimaryObservations));
        }

        Directory.Delete(folder, recursive: true);
    }

    internal static DateTimeOffset MinuteFloor(DateTimeOffset t) => new(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, TimeSpan.Zero);

    /// <summary>When each successful backup of the plan was recorded (audit log, shared by the instances), oldest first.</summary>
    internal static async Task<List<DateTimeOffset>> PlanBackupsAsync(ConsoleAppFactory app, string planName)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<ConsoleDbContext>>().CreateDbContextAsync();
        var actor = "plan:" + planName;
        var rows = await db.Set<AuditEntry>().AsNoTracking().Where(e => e.Action == "backup.create" && e.Actor == actor && e.Succeeded).Select(e => e.Timestamp).ToListAsync();
        return rows.Order().ToList();
    }

    private sealed record RoleRequest(string Instance, string Method, Uri Uri, DateTimeOffset At);

    /// <summary>An instance whose failover role client (GET /role, POST /promote, /demote) records each request it sends.</summary>
    private sealed class RoleRecordingInstance(string name, ConcurrentQueue<RoleRequest> log) : ConsoleAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddHttpClient(RoleClient.HttpClientName).AddHttpMessageHandler(() => new Recorder(name, log)));
        }
    }

    private sealed class Recorder(string name, ConcurrentQueue<RoleRequest> log) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            log.Enqueue(new RoleRequest(name, request.Method.Method, request.RequestUri!, DateTimeOffset.UtcNow));
            return base.SendAsync(request, cancellationToken);
        }
    }
}
