using McpConsole.Core.Alerts;
using McpConsole.Web.Features.Backups.Plans;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;

namespace McpConsole.Web.Features.Alerts;

/// <summary>
/// Turns the backups feature's recorded events (BackupEvents: BackupFailed, VerifyFailed, BackupStale) into one-shot
/// alerts. Reads events newer than the last one seen; at start it begins after the newest existing event.
/// </summary>
public sealed class BackupEventAlerts(IDbContextFactory<ConsoleDbContext> dbFactory, AlertSignals signals)
{
    private long? _lastSeen;

    public async Task PollAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (_lastSeen is null)
        {
            _lastSeen = await db.Set<BackupEvent>().MaxAsync(e => (long?)e.Id, ct) ?? 0;
            return;
        }

        var events = await db.Set<BackupEvent>().AsNoTracking().Where(e => e.Id > _lastSeen).OrderBy(e => e.Id).Take(500).ToListAsync(ct);
        foreach (var e in events)
        {
            var kind = e.Kind == "BackupStale" ? AlertKinds.BackupTooOld : AlertKinds.BackupFailed;
            await signals.RaiseAsync(kind, e.SourceKey ?? $"plan {e.PlanId}", $"backup-event:{e.Id}", $"{e.Kind}: {e.Message}", null, e.Timestamp, ct);
            _lastSeen = e.Id;
        }
    }
}
