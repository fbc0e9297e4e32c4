using McpConsole.Core.Alerts;
using McpConsole.Core.Health;
using McpConsole.Core.Text;
using McpConsole.Web.Features.Backups.Plans;
using McpConsole.Web.Features.Probing;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;

namespace McpConsole.Web.Features.Alerts;

/// <summary>
/// What a restart must not hide. Probing keeps each server's state across restarts, so a server that is still Down,
/// Degraded, Unauthorized or Misconfigured makes no new transition; this raises its alert from the stored state (from when it entered
/// it) and resolves server alerts whose server has left that state or is gone. Backup freshness is checked at once
/// instead of at the next hourly check, so a backup that went stale while the console was off is reported now.
/// </summary>
public sealed class StartupAlerts(IDbContextFactory<ConsoleDbContext> dbFactory, BackupEventAlerts backupEvents, FailoverEventAlerts failoverEvents,
    IServiceProvider services, TimeProvider clock, ILogger<StartupAlerts> logger)
{
    private static readonly string[] ServerKinds = ServerStateAlerts.ConditionKinds;

    public async Task RunAsync(CancellationToken ct)
    {
        // First, so events recorded before the shutdown are read from the stored cursors (and a first-ever run starts
        // its cursors before the freshness check below records anything).
        await backupEvents.PollAsync(ct);
        await failoverEvents.PollAsync(ct);
        await ReconcileServerStatesAsync(ct);
        try
        {
            var raised = await services.GetRequiredService<BackupJobs>().CheckFreshnessAtAsync(clock.GetUtcNow(), ct);
            if (raised > 0)
                logger.LogWarning("{Count} backup plan(s) have no recent good backup at start-up", raised);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Could not check backup freshness at start-up");
        }
    }

    public async Task ReconcileServerStatesAsync(CancellationToken ct)
    {
        var startedAt = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var states = await db.Servers.AsNoTracking()
            .Join(db.Set<ServerStatus>().AsNoTracking(), s => s.Id, st => st.ServerId, (s, st) => new { s.Id, s.Name, s.Group, st.State, st.Since, st.Reason })
            .ToListAsync(ct);
        var rows = await db.Set<AlertStateRow>().Where(a => ServerKinds.Contains(a.Kind)).ToListAsync(ct);
        var expected = new HashSet<string>();
        foreach (var s in states)
        {
            if (!Enum.TryParse<HealthState>(s.State, out var state) || ServerStateAlerts.KindFor(state) is not { } kind)
                continue;
            var key = ServerStateAlerts.KeyFor(s.Id, kind);
            expected.Add(key);
            if (rows.Any(r => r.Key == key))
                continue; // already tracked (firing, or resolved meanwhile by a fresh probe)
            var since = s.Since ?? startedAt;
            db.Add(new AlertStateRow
            {
                Key = key, Kind = kind, Subject = s.Name, Group = s.Group, Since = since,
                Details = Cut($"{s.Reason ?? s.State} (state at console start-up, {s.State} since {since:yyyy-MM-dd HH:mm} UTC)"),
            });
        }

        // Rows raised after start-up came from fresh transitions and are newer than the stored state we just read.
        foreach (var row in rows.Where(r => r.ResolvedAt is null && r.Since < startedAt && !expected.Contains(r.Key)))
            row.ResolvedAt = startedAt;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex)
        {
            logger.LogInformation("A probe raised a server alert during start-up reconciliation; kept it: {Error}", ex.Message);
        }
    }

    private static string Cut(string s) => SafeText.Cut(s, 4000);
}
