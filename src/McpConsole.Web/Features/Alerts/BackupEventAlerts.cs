using McpConsole.Core.Alerts;
using McpConsole.Web.Features.Backups.Plans;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;

namespace McpConsole.Web.Features.Alerts;

/// <summary>
/// Turns the backups feature's recorded events (BackupEvents: BackupFailed, VerifyFailed, BackupStale) into one-shot
/// alerts, reading events newer than the stored cursor (<see cref="EventCursor"/>).
/// </summary>
public sealed class BackupEventAlerts(IDbContextFactory<ConsoleDbContext> dbFactory, AlertSignals signals)
{
    public const string Source = "backup-events";

    public async Task PollAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var lastSeen = await EventCursor.ReadAsync(db, Source, async () => await db.Set<BackupEvent>().MaxAsync(e => (long?)e.Id, ct) ?? 0, ct);
        var events = await db.Set<BackupEvent>().AsNoTracking().Where(e => e.Id > lastSeen).OrderBy(e => e.Id).Take(500).ToListAsync(ct);
        if (events.Count == 0)
            return;
        foreach (var e in events)
        {
            var kind = e.Kind == "BackupStale" ? AlertKinds.BackupTooOld : AlertKinds.BackupFailed;
            await signals.RaiseAsync(kind, e.SourceKey ?? $"plan {e.PlanId}", $"backup-event:{e.Id}", $"{e.Kind}: {e.Message}", null, e.Timestamp, ct);
        }

        await EventCursor.WriteAsync(db, Source, events[^1].Id, ct);
    }
}
