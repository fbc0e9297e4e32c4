using McpConsole.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;

namespace McpConsole.Web.Features.Failover;

/// <summary>Demo mode: a failover group for the demo fleet's primary/standby pair (checked every 10 s, 3 failures).</summary>
public sealed class DemoFailoverGroup(IDbContextFactory<ConsoleDbContext> dbFactory, FailoverGroups groups, ILogger<DemoFailoverGroup> logger)
{
    public const string GroupName = "demo-pair";

    public async Task EnsureAsync(string primaryName, string standbyName, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Set<FailoverGroup>().AnyAsync(g => g.Name == GroupName, ct))
            return;
        var ids = await db.Servers.Where(s => s.Name == primaryName || s.Name == standbyName).ToDictionaryAsync(s => s.Name, s => s.Id, ct);
        if (!ids.TryGetValue(primaryName, out var primary) || !ids.TryGetValue(standbyName, out var standby))
            return;
        var result = await groups.CreateAsync(new FailoverGroupInput { Name = GroupName, PrimaryServerId = primary, StandbyServerIds = [standby] }, "system:demo", ct);
        if (!result.Succeeded)
            logger.LogWarning("Demo failover group not created: {Reason}", string.Join("; ", result.Errors?.SelectMany(e => e.Value) ?? [result.Message ?? "?"]));
    }
}
