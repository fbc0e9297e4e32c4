using McpConsole.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;

namespace McpConsole.Web.Features.Alerts;

/// <summary>
/// The id of the last event of a source turned into an alert, stored in the database so events recorded just before a
/// shutdown are still raised after the restart. A source read for the first time starts after its newest event (history
/// from before alerting existed is not replayed).
/// </summary>
public static class EventCursor
{
    public static async Task<long> ReadAsync(ConsoleDbContext db, string source, Func<Task<long>> newestId, CancellationToken ct)
    {
        var row = await db.Set<AlertCursor>().FindAsync([source], ct);
        if (row is not null)
            return row.LastSeenId;
        var start = await newestId();
        var added = db.Add(new AlertCursor { Source = source, LastSeenId = start });
        try
        {
            await db.SaveChangesAsync(ct);
            return start;
        }
        catch (DbUpdateException)
        {
            // Another instance sharing the database started this cursor at the same moment: use its row.
            added.State = EntityState.Detached;
            return (await db.Set<AlertCursor>().AsNoTracking().FirstAsync(c => c.Source == source, ct)).LastSeenId;
        }
    }

    public static async Task WriteAsync(ConsoleDbContext db, string source, long lastSeenId, CancellationToken ct)
    {
        var row = await db.Set<AlertCursor>().FindAsync([source], ct);
        if (row is null)
            db.Add(new AlertCursor { Source = source, LastSeenId = lastSeenId });
        else
            row.LastSeenId = lastSeenId;
        await db.SaveChangesAsync(ct);
    }
}
