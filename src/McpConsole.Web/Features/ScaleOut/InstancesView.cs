using McpConsole.Web.Features.Fleet;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;

namespace McpConsole.Web.Features.ScaleOut;

/// <summary>One instance on the dashboard: when it was last heard from and the servers it probes.</summary>
public sealed record InstanceRow(string InstanceId, string HostName, DateTimeOffset StartedAt, DateTimeOffset HeartbeatAt, bool Live,
    bool IsThisInstance, IReadOnlyList<string> Servers);

/// <summary>The instances sharing the database (empty in SQLite mode), for the overview and /api/instances.</summary>
public sealed class InstancesView(IDbContextFactory<ConsoleDbContext> dbFactory, ProbeOwnership ownership, TimeProvider time,
    Microsoft.Extensions.Options.IOptions<ScaleOutOptions> options, IServiceProvider services)
{
    public bool Shared => ownership.Shared;

    public async Task<IReadOnlyList<InstanceRow>> ListAsync(CancellationToken ct = default)
    {
        if (!ownership.Shared)
            return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var instances = await db.Set<ConsoleInstance>().AsNoTracking().ToListAsync(ct);
        var leases = await (from l in db.Set<ProbeLease>().AsNoTracking()
                            join s in db.Set<McpServer>().AsNoTracking() on l.ServerId equals s.Id
                            select new { l.InstanceId, s.Name }).ToListAsync(ct);
        var me = services.GetService<LeaseCoordinator>()?.InstanceId;
        var liveSince = time.GetUtcNow() - options.Value.LeaseDuration;
        return [.. instances
            .OrderBy(i => i.InstanceId, StringComparer.Ordinal)
            .Select(i => new InstanceRow(i.InstanceId, i.HostName, i.StartedAt, i.HeartbeatAt, i.HeartbeatAt >= liveSince, i.InstanceId == me,
                [.. leases.Where(l => l.InstanceId == i.InstanceId).Select(l => l.Name).Order(StringComparer.OrdinalIgnoreCase)]))];
    }
}
