using Hangfire;
using McpConsole.Web.Infrastructure.Jobs;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace McpConsole.Web.Features.Probing;

/// <summary>
/// Keeps catalog snapshots bounded (a server that changes its tools at every probe would add one per probe): a daily
/// Hangfire job keeps, per server, the newest <see cref="ProbingOptions.CatalogSnapshotsKept"/> snapshots younger than
/// <see cref="ProbingOptions.CatalogRetentionDays"/>, and always the newest one, which the next change is compared with.
/// </summary>
public sealed class CatalogRetention(IDbContextFactory<ConsoleDbContext> dbFactory, IOptions<ProbingOptions> options, TimeProvider clock,
    ILogger<CatalogRetention> logger)
{
    public const string JobId = "catalog-retention";
    public const string Cron = "55 3 * * *";

    [AutomaticRetry(Attempts = 3)]
    [DisableConcurrentExecution(600)]
    public async Task<int> ApplyAsync(CancellationToken ct)
    {
        var keep = Math.Max(1, options.Value.CatalogSnapshotsKept);
        var cutoff = clock.GetUtcNow() - TimeSpan.FromDays(options.Value.CatalogRetentionDays);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var servers = await db.CatalogSnapshots.Select(c => c.ServerId).Distinct().ToListAsync(ct);
        var removed = 0;
        foreach (var serverId in servers)
        {
            // Newer snapshots of the same server: at least one (never the newest), and too many or too old.
            var ofServer = db.CatalogSnapshots.Where(n => n.ServerId == serverId);
            removed += await ofServer
                .Where(c => ofServer.Any(n => n.Id > c.Id) && (c.At < cutoff || ofServer.Count(n => n.Id > c.Id) >= keep))
                .ExecuteDeleteAsync(ct);
        }

        if (removed > 0)
            logger.LogInformation("Removed {Count} old catalog snapshots", removed);
        return removed;
    }
}

internal sealed class CatalogRetentionJobs : IRecurringJobs
{
    public void Schedule(IRecurringJobManager jobs) =>
        jobs.AddOrUpdate<CatalogRetention>(CatalogRetention.JobId, r => r.ApplyAsync(CancellationToken.None), CatalogRetention.Cron,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
}
