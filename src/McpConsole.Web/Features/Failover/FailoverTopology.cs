using McpConsole.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;

namespace McpConsole.Web.Features.Failover;

/// <summary>A link for the topology graph: the group's active primary to one of its standbys.</summary>
/// <param name="Kind">"primary-standby" (standby follows the active primary) or "fencing" (former primary awaiting demotion).</param>
public sealed record FailoverLink(int GroupId, string GroupName, int PrimaryServerId, int StandbyServerId, string Kind, long Epoch);

/// <summary>
/// The hook for the topology page (Features/Topology): the primary links to draw, moved by every promotion.
/// Subscribe to <see cref="FailoverNotifier"/> to redraw when a group changes.
/// </summary>
public sealed class FailoverTopology(IDbContextFactory<ConsoleDbContext> dbFactory)
{
    public async Task<IReadOnlyList<FailoverLink>> LinksAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var groups = await db.Set<FailoverGroup>().AsNoTracking().Include(g => g.Members).ToListAsync(ct);
        return [.. groups.SelectMany(g => g.Members.Where(m => m.ServerId != g.ActiveServerId).Select(m =>
            new FailoverLink(g.Id, g.Name, g.ActiveServerId, m.ServerId, m.NeedsFencing ? "fencing" : "primary-standby", g.Epoch)))];
    }
}
