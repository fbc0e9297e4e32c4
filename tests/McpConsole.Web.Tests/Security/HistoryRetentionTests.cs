using Hangfire;
using McpConsole.Web.Features.Audit;
using McpConsole.Web.Features.Probing;
using McpConsole.Web.Infrastructure.Storage;
using McpConsole.Web.Tests.Fleet;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace McpConsole.Web.Tests.Security;

/// <summary>Issue 15, item 8: the audit log and the catalog snapshots grew without bound.</summary>
public sealed class HistoryRetentionTests(ConsoleAppFixture app) : IClassFixture<ConsoleAppFixture>
{
    private T Get<T>() where T : notnull => app.Factory.Services.GetRequiredService<T>();

    [Fact]
    public async Task AuditRetention_DeletesRowsOlderThan365Days_SecondRunDeletesNothing_JobIsScheduled()
    {
        var now = DateTimeOffset.UtcNow;
        await using (var db = await Get<IDbContextFactory<ConsoleDbContext>>().CreateDbContextAsync())
        {
            foreach (var age in new[] { 900, 400, 366 })
                db.AuditLog.Add(new AuditEntry { Timestamp = now.AddDays(-age), Actor = "retention-test", Action = "test.old", Details = $"{age} d" });
            db.AuditLog.Add(new AuditEntry { Timestamp = now.AddDays(-364), Actor = "retention-test", Action = "test.kept", Details = "364 d" });
            await db.SaveChangesAsync();
        }

        var retention = Get<AuditRetention>();
        Assert.Equal(3, await retention.ApplyAsync(default));
        Assert.Equal(0, await retention.ApplyAsync(default));

        var left = await Get<AuditLog>().QueryAsync(new AuditQuery(Actor: "retention-test", Take: 100));
        Assert.Equal(["364 d"], left.Items.Select(e => e.Details));
        Assert.Contains(Scheduled(), j => j.Id == AuditRetention.JobId && j.Cron == AuditRetention.Cron);
    }

    [Fact]
    public async Task CatalogRetention_KeepsTheNewest50PerServerWithin90Days_AndAlwaysTheNewest()
    {
        var busy = await app.AdminClient().CreateAsync(FleetApi.Http(FleetApi.UniqueName("busy-catalog"), "http://127.0.0.1:9/mcp"));
        var quiet = await app.AdminClient().CreateAsync(FleetApi.Http(FleetApi.UniqueName("quiet-catalog"), "http://127.0.0.1:9/mcp"));
        var now = DateTimeOffset.UtcNow;
        await using (var db = await Get<IDbContextFactory<ConsoleDbContext>>().CreateDbContextAsync())
        {
            // A server whose tools change at every probe: 70 snapshots, the first 5 from 100 days ago.
            for (var i = 0; i < 70; i++)
                db.CatalogSnapshots.Add(Snapshot(busy, i < 5 ? now.AddDays(-100) : now.AddMinutes(-70 + i), $"busy-{i}"));
            // A server whose catalog has not changed for 200 days: its newest snapshot is what the next probe compares with.
            for (var i = 0; i < 3; i++)
                db.CatalogSnapshots.Add(Snapshot(quiet, now.AddDays(-200 + i), $"quiet-{i}"));
            await db.SaveChangesAsync();
        }

        var retention = Get<CatalogRetention>();
        Assert.Equal(20 + 2, await retention.ApplyAsync(default));
        Assert.Equal(0, await retention.ApplyAsync(default));

        await using (var db = await Get<IDbContextFactory<ConsoleDbContext>>().CreateDbContextAsync())
        {
            var kept = await db.CatalogSnapshots.Where(c => c.ServerId == busy || c.ServerId == quiet).OrderBy(c => c.Id).Select(c => c.Hash).ToListAsync();
            Assert.Equal(Enumerable.Range(20, 50).Select(i => $"busy-{i}").Append("quiet-2"), kept);
        }
        Assert.Contains(Scheduled(), j => j.Id == CatalogRetention.JobId && j.Cron == CatalogRetention.Cron);
    }

    private static CatalogSnapshot Snapshot(int serverId, DateTimeOffset at, string hash) =>
        new() { ServerId = serverId, At = at, Hash = hash, ToolsJson = "[]" };

    private List<Hangfire.Storage.RecurringJobDto> Scheduled()
    {
        using var connection = Get<JobStorage>().GetConnection();
        return Hangfire.Storage.StorageConnectionExtensions.GetRecurringJobs(connection);
    }
}
