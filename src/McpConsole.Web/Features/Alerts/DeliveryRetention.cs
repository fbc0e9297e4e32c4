using Hangfire;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace McpConsole.Web.Features.Alerts;

/// <summary>
/// Keeps the delivery history bounded: a daily Hangfire job removes attempts older than
/// <see cref="AlertOptions.DeliveryRetentionDays"/> (default 90). Deleting by age makes a second run a no-op.
/// </summary>
public sealed class DeliveryRetention(IDbContextFactory<ConsoleDbContext> dbFactory, IOptions<AlertOptions> options, TimeProvider clock,
    ILogger<DeliveryRetention> logger)
{
    public const string JobId = "alerts-delivery-retention";
    public const string Cron = "40 3 * * *";
    private const int Batch = 5000;

    [AutomaticRetry(Attempts = 3)]
    [DisableConcurrentExecution(600)]
    public async Task<int> ApplyAsync(CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow() - TimeSpan.FromDays(options.Value.DeliveryRetentionDays);
        var removed = 0;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        while (true)
        {
            // Batches keep each SQLite write transaction short next to the probe writer.
            var ids = await db.Set<Delivery>().Where(d => d.At < cutoff).OrderBy(d => d.Id).Select(d => d.Id).Take(Batch).ToListAsync(ct);
            if (ids.Count == 0)
                break;
            removed += await db.Set<Delivery>().Where(d => ids.Contains(d.Id)).ExecuteDeleteAsync(ct);
        }

        if (removed > 0)
            logger.LogInformation("Removed {Count} deliveries older than {Days} days", removed, options.Value.DeliveryRetentionDays);
        return removed;
    }
}
