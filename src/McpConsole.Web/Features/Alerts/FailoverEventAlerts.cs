using McpConsole.Core.Alerts;
using McpConsole.Core.Failover;
using McpConsole.Web.Features.Failover;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;

namespace McpConsole.Web.Features.Alerts;

/// <summary>
/// Reads what the failover feature records; the only place failovers become alerts. The steps of one recorded batch
/// that change who serves or fence the old primary become one one-shot <see cref="AlertKinds.Failover"/> alert
/// (subject: the server now serving, group: the failover group, details: each step, who triggered it, epoch). A group whose primary is down with no healthy standby is a critical condition
/// (<see cref="AlertKinds.FailoverNoHealthyStandby"/>): it fires while the group's state says so, also across restarts,
/// and resolves when the group leaves that state or is removed.
/// </summary>
public sealed class FailoverEventAlerts(IDbContextFactory<ConsoleDbContext> dbFactory, AlertSignals signals)
{
    public const string Source = "failover-events";

    public static string NoStandbyKey(int groupId) => $"failover-group:{groupId}:no-healthy-standby";

    public async Task PollAsync(CancellationToken ct)
    {
        await RaiseEventsAsync(ct);
        await ReconcileNoStandbyAsync(ct);
    }

    private async Task RaiseEventsAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var lastSeen = await EventCursor.ReadAsync(db, Source, async () => await db.Set<FailoverEvent>().MaxAsync(e => (long?)e.Id, ct) ?? 0, ct);
        var events = await db.Set<FailoverEvent>().AsNoTracking().Where(e => e.Id > lastSeen).OrderBy(e => e.Id).Take(500).ToListAsync(ct);
        if (events.Count == 0)
            return;
        var groupIds = events.Select(e => e.GroupId).Distinct().ToList();
        var groups = await db.Set<FailoverGroup>().AsNoTracking().Where(g => groupIds.Contains(g.Id)).ToDictionaryAsync(g => g.Id, g => g.Name, ct);
        // One recorded step batch (one check round or one button press: detected, promoted, fenced) is one failover:
        // one alert, so one line in one mail.
        foreach (var batch in events.Where(e => FailoverAlertRules.KindFor(e.Kind) is not null).GroupBy(e => (e.GroupId, e.At, e.Trigger)))
        {
            var steps = batch.ToList();
            var group = groups.GetValueOrDefault(batch.Key.GroupId, $"group #{batch.Key.GroupId}");
            var subject = steps.LastOrDefault(e => e.Kind is nameof(FailoverEventKind.Promoted) or nameof(FailoverEventKind.FailedBack))?.ServerName
                ?? steps.FirstOrDefault(e => e.ServerName is not null)?.ServerName ?? group;
            var details = $"{(steps.Any(e => e.Critical) ? "CRITICAL " : "")}{string.Join("; ", steps.Select(e => $"{e.Kind}: {e.Message}"))} " +
                $"(trigger: {FailoverAlertRules.DescribeTrigger(batch.Key.Trigger)}, epoch {steps.Max(e => e.Epoch)})";
            await signals.RaiseAsync(AlertKinds.Failover, subject, $"failover-event:{steps[0].Id}", details, group, batch.Key.At, ct);
        }

        await EventCursor.WriteAsync(db, Source, events[^1].Id, ct);
    }

    private async Task ReconcileNoStandbyAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var groups = await db.Set<FailoverGroup>().AsNoTracking().Select(g => new { g.Id, g.Name, g.State, g.StateSince, g.ActiveServerId }).ToListAsync(ct);
        var stranded = groups.Where(g => FailoverAlertRules.IsWithoutHealthyStandby(g.State)).ToList();
        var firing = await db.Set<AlertStateRow>().AsNoTracking()
            .Where(a => a.Kind == AlertKinds.FailoverNoHealthyStandby && a.ResolvedAt == null).Select(a => a.Key).ToListAsync(ct);
        foreach (var key in firing.Except(stranded.Select(g => NoStandbyKey(g.Id))))
            await signals.ResolveAsync(key, ct);
        foreach (var g in stranded.Where(g => !firing.Contains(NoStandbyKey(g.Id))))
        {
            var primary = await db.Servers.AsNoTracking().Where(s => s.Id == g.ActiveServerId).Select(s => s.Name).FirstOrDefaultAsync(ct);
            var why = await db.Set<FailoverEvent>().AsNoTracking().Where(e => e.GroupId == g.Id && e.Kind == nameof(FailoverEventKind.NoHealthyStandby))
                .OrderByDescending(e => e.Id).Select(e => e.Message).FirstOrDefaultAsync(ct);
            await signals.RaiseAsync(AlertKinds.FailoverNoHealthyStandby, primary ?? g.Name, NoStandbyKey(g.Id),
                $"{why ?? "the primary is down and no standby is healthy: nothing promoted"} (primary {primary ?? "unknown"})", g.Name, g.StateSince, ct);
        }
    }
}
