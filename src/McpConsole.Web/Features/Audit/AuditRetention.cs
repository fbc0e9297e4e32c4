using Hangfire;
using McpConsole.Web.Infrastructure;
using McpConsole.Web.Infrastructure.Jobs;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace McpConsole.Web.Features.Audit;

/// <summary>
/// Keeps the audit log bounded: a daily Hangfire job deletes rows older than <see cref="SecurityOptions.AuditRetentionDays"/>
/// (default 365), oldest first in batches so each write transaction stays short. A second run finds nothing.
/// </summary>
public sealed class AuditRetention(IDbContextFactory<ConsoleDbContext> dbFactory, IOptions<ConsoleOptions> options, TimeProvider clock,
    ILogger<AuditRetention> logger)
{
    public const string JobId = "audit-retention";
    public const string Cron = "50 3 * * *";
    private const int Batch = 5000;

    [AutomaticRetry(Attempts = 3)]
    [DisableConcurrentExecution(600)]
    public async Task<int> ApplyAsync(CancellationToken ct)
    {
        var days = options.Value.Security.AuditRetentionDays;
        var cutoff = clock.GetUtcNow() - TimeSpan.FromDays(days);
        var removed = 0;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        while (true)
        {
            var ids = await db.AuditLog.Where(a => a.Timestamp < cutoff).OrderBy(a => a.Id).Select(a => a.Id).Take(Batch).ToListAsync(ct);
            if (ids.Count == 0)
                break;
            removed += await db.AuditLog.Where(a => ids.Contains(a.Id)).ExecuteDeleteAsync(ct);
        }

        if (removed > 0)
            logger.LogInformation("Removed {Count} audit rows older than {Days} days", removed, days);
        return removed;
    }
}

internal sealed class AuditJobs : IRecurringJobs
{
    public void Schedule(IRecurringJobManager jobs) =>
        jobs.AddOrUpdate<AuditRetention>(AuditRetention.JobId, r => r.ApplyAsync(CancellationToken.None), AuditRetention.Cron,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
}

public static class AuditSetup
{
    public static IHostApplicationBuilder AddAudit(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddSingleton<AuditRetention>();
        builder.Services.AddSingleton<IRecurringJobs, AuditJobs>();
        return builder;
    }
}
