using McpConsole.Core.Failover;
using McpConsole.Core.Text;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;

namespace McpConsole.Web.Features.Failover;

/// <summary>
/// Reads groups as state-machine snapshots and writes them back under the group's version: a write or an epoch
/// claim that finds another version changes nothing, so of two deciders racing (the job and an operator) one wins.
/// </summary>
public sealed class FailoverStore(IDbContextFactory<ConsoleDbContext> dbFactory, TimeProvider clock)
{
    public async Task<FailoverGroup?> LoadAsync(int groupId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<FailoverGroup>().AsNoTracking().Include(g => g.Members).FirstOrDefaultAsync(g => g.Id == groupId, ct);
    }

    public static GroupSnapshot ToSnapshot(FailoverGroup g) => new(
        Enum.TryParse<FailoverState>(g.State, out var state) ? state : FailoverState.Suspect,
        g.Epoch, g.ActiveServerId, g.PreferredPrimaryId, g.PrimaryFailures,
        [.. g.Members.Where(m => m.ServerId != g.ActiveServerId).OrderBy(m => m.Position)
            .Select(m => new MemberStatus(m.ServerId, m.Healthy, m.ConsecutiveSuccesses, m.NeedsFencing, m.WasPrimary))]);

    /// <summary>
    /// Claims the next epoch: UPDATE ... SET Epoch = @e + 1, Version = Version + 1 WHERE Id = @id AND Epoch = @e.
    /// Only the caller that gets the row may call /promote with that epoch; a consumed epoch is never handed out
    /// again. Returns the group's version after the claim, or null when another decider claimed it first.
    /// </summary>
    public async Task<long?> TryClaimEpochAsync(int groupId, long epoch, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Set<FailoverGroup>()
            .Where(g => g.Id == groupId && g.Epoch == epoch)
            .ExecuteUpdateAsync(u => u
                .SetProperty(g => g.Epoch, epoch + 1)
                .SetProperty(g => g.Version, g => g.Version + 1)
                .SetProperty(g => g.State, nameof(FailoverState.FailingOver))
                .SetProperty(g => g.StateSince, now)
                .SetProperty(g => g.UpdatedAt, now), ct);
        if (rows != 1)
            return null;
        return await db.Set<FailoverGroup>().Where(g => g.Id == groupId).Select(g => g.Version).FirstAsync(ct);
    }

    /// <summary>Writes a snapshot (and the latest checks) if the group is still at <paramref name="version"/>; false when it moved on.</summary>
    public async Task<bool> TrySaveAsync(int groupId, long version, GroupSnapshot s, IReadOnlyDictionary<int, MemberCheck>? checks, bool scheduleNext, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var g = await db.Set<FailoverGroup>().Include(x => x.Members).FirstOrDefaultAsync(x => x.Id == groupId, ct);
        if (g is null || g.Version != version)
            return false;

        if (g.State != s.State.ToString())
        {
            g.State = s.State.ToString();
            g.StateSince = now;
        }
        g.Epoch = Math.Max(g.Epoch, s.Epoch);
        g.ActiveServerId = s.ActiveServerId;
        g.PrimaryFailures = s.PrimaryFailures;
        g.Version = version + 1;
        g.UpdatedAt = now;
        if (scheduleNext)
        {
            g.LastCheckedAt = now; // the next check was scheduled when this round was claimed (DueGroupsAsync)
        }

        foreach (var m in g.Members)
        {
            if (m.ServerId == s.ActiveServerId)
            {
                m.Position = 0;
                m.NeedsFencing = false;
                if (checks?.GetValueOrDefault(m.ServerId) is { } check)
                {
                    m.Healthy = check.Healthy;
                    m.ConsecutiveSuccesses = check.Healthy ? m.ConsecutiveSuccesses + 1 : 0;
                }
            }
            else if (s.Standbys.Select((st, i) => (st, i)).FirstOrDefault(x => x.st.ServerId == m.ServerId) is { st: not null } found)
            {
                m.Position = found.i + 1;
                m.Healthy = found.st.Healthy;
                m.ConsecutiveSuccesses = found.st.ConsecutiveSuccesses;
                m.NeedsFencing = found.st.NeedsFencing;
                m.WasPrimary = found.st.WasPrimary;
            }
            if (checks?.GetValueOrDefault(m.ServerId) is { } c)
            {
                m.LastCheckedAt = now;
                m.LastError = SafeText.CutOrNull(c.Error, 2000);
            }
        }

        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }

    /// <summary>
    /// Claims the enabled groups whose check is due: each one's next check moves one interval on, only where it still
    /// holds the due time read here. With several instances the job's lock is not the only guard: a round is run by
    /// the instance whose claim changed the row, so one interval never gets two rounds.
    /// </summary>
    public async Task<IReadOnlyList<int>> DueGroupsAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var due = await db.Set<FailoverGroup>().Where(g => g.Enabled && g.NextCheckAt <= now)
            .Select(g => new { g.Id, g.NextCheckAt, g.CheckIntervalSeconds }).ToListAsync(ct);
        var claimed = new List<int>();
        foreach (var g in due)
        {
            // Drift-free: one interval after the previous due time (job lag does not add up), never in the past.
            var interval = TimeSpan.FromSeconds(g.CheckIntervalSeconds);
            var next = g.NextCheckAt + interval > now ? g.NextCheckAt + interval : now;
            var won = await db.Set<FailoverGroup>().Where(x => x.Id == g.Id && x.NextCheckAt == g.NextCheckAt)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.NextCheckAt, next), ct);
            if (won == 1)
                claimed.Add(g.Id);
        }

        return claimed;
    }

    public async Task<IReadOnlyDictionary<int, string>> ServerNamesAsync(IEnumerable<int> ids, CancellationToken ct)
    {
        var list = ids.Distinct().ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Servers.Where(s => list.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
    }
}
