using McpConsole.Web.Features.Probing;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;

namespace McpConsole.Web.Features.Failover;

/// <summary>Every member of an enabled failover group except its active server is a standby; probing reads it here.</summary>
public sealed class FailoverRoles(IDbContextFactory<ConsoleDbContext> dbFactory, FailoverNotifier notifier) : IServerRoles
{
    public async Task<IReadOnlySet<int>> StandbysAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var standbys = await db.Set<FailoverMember>().AsNoTracking()
            .Join(db.Set<FailoverGroup>().AsNoTracking(), m => m.GroupId, g => g.Id, (m, g) => new { m.ServerId, g.ActiveServerId, g.Enabled })
            .Where(x => x.Enabled && x.ServerId != x.ActiveServerId)
            .Select(x => x.ServerId)
            .ToListAsync(ct);
        return standbys.ToHashSet();
    }

    public IDisposable Subscribe(Action changed) => notifier.Subscribe(_ =>
    {
        changed();
        return Task.CompletedTask;
    });
}
