using McpConsole.Web.Features.Audit;
using McpConsole.Web.Features.Metrics.Rollups;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;

namespace McpConsole.Web.Features.Metrics.Series;

/// <summary>Sets a server's availability target (Operator), audited as metrics.target.</summary>
public sealed class AvailabilityTargets(IDbContextFactory<ConsoleDbContext> dbFactory, AuditLog audit)
{
    /// <summary>Why a target is refused, or null when it is valid.</summary>
    public static string? Validate(double? targetPercent) => targetPercent is { } t && t > 0 && t < 100
        ? null
        : "The target must be a number above 0 and below 100 (e.g. 99.9).";

    public async Task<bool> SetAsync(int serverId, double targetPercent, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var name = await db.Servers.Where(s => s.Id == serverId).Select(s => s.Name).FirstOrDefaultAsync(ct);
        if (name is null)
            return false;
        var row = await db.Set<AvailabilityTarget>().FindAsync([serverId], ct);
        var previous = row?.TargetPercent;
        if (row is null)
            db.Add(new AvailabilityTarget { ServerId = serverId, TargetPercent = targetPercent });
        else
            row.TargetPercent = targetPercent;
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(new AuditRecord(actor, "metrics.target", name,
            $"availability target {(previous is null ? "default" : $"{previous} %")} -> {targetPercent} %"), ct);
        return true;
    }
}
