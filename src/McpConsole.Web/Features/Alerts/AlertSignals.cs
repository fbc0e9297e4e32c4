using McpConsole.Core.Alerts;
using McpConsole.Core.Text;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;

namespace McpConsole.Web.Features.Alerts;

/// <summary>
/// The one way any feature raises an alert. <c>kind</c> is an <see cref="AlertKinds"/> name; <c>key</c> de-duplicates
/// (raising the same key again refreshes the details and keeps the start time); <c>subject</c> is what silences match
/// (usually the server name) and <c>group</c> the server group. Condition kinds (server down, unauthorized, degraded, cost) stay
/// until <see cref="ResolveAsync"/>; event kinds (<see cref="IsEvent"/>: failover, backup failed or stale, catalog change) are
/// sent once and forgotten. Grouping, repeats, silences and channels are handled by <see cref="AlertEvaluator"/>.
/// </summary>
public sealed class AlertSignals(IDbContextFactory<ConsoleDbContext> dbFactory, TimeProvider clock)
{
    public static bool IsEvent(string kind) => kind is AlertKinds.Failover or AlertKinds.BackupFailed or AlertKinds.BackupTooOld or AlertKinds.CatalogChanged;

    public async Task RaiseAsync(string kind, string subject, string key, string details, string? group = null, DateTimeOffset? since = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Set<AlertStateRow>().FindAsync([key], ct);
        details = SafeText.Cut(details, 4000);
        if (row is null || row.ResolvedAt is not null)
        {
            if (row is not null)
                db.Remove(row);
            db.Add(new AlertStateRow { Key = key, Kind = kind, Subject = subject, Group = group, Details = details, Since = since ?? clock.GetUtcNow() });
        }
        else
        {
            (row.Subject, row.Group, row.Details) = (subject, group, details);
        }

        await SaveIgnoringRaceAsync(db, ct);
    }

    public Task ResolveAsync(string key, CancellationToken ct = default) => ResolveAsync([key], ct);

    /// <summary>Resolves whichever of these alerts are open: one query, and a save only when one was open.</summary>
    public async Task ResolveAsync(IReadOnlyCollection<string> keys, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var open = await db.Set<AlertStateRow>().Where(a => keys.Contains(a.Key) && a.ResolvedAt == null).ToListAsync(ct);
        if (open.Count == 0)
            return;
        var now = clock.GetUtcNow();
        foreach (var row in open)
            row.ResolvedAt = now;
        await SaveIgnoringRaceAsync(db, ct);
    }

    private static async Task SaveIgnoringRaceAsync(ConsoleDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (!StorageUnavailable.Is(ex))
        {
            // Two raises of one key at once: the other one won, which is the same alert.
        }
    }
}
