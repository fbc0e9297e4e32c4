using McpConsole.Core.Fleet;
using McpConsole.Web.Features.Probing;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;

namespace McpConsole.Web.Features.Fleet;

/// <summary>Read models for the list and detail pages: registry rows joined with what probing stored.</summary>
public sealed partial class ServerRegistry
{
    public const string UnknownState = "Unknown";

    /// <summary>Every server with its latest status; uptime over the last 24 h when <paramref name="includeUptime"/>.</summary>
    public async Task<IReadOnlyList<ServerSummary>> ListAsync(bool includeUptime = true, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var servers = await db.Servers.AsNoTracking().OrderBy(s => s.Name).ToListAsync(ct);
        var statuses = await db.ServerStatus.AsNoTracking().ToDictionaryAsync(s => s.ServerId, ct);
        var uptime = includeUptime ? await UptimeAsync(db, clock.GetUtcNow().AddHours(-24), ct) : [];
        return servers.Select(s =>
        {
            statuses.TryGetValue(s.Id, out var st);
            return new ServerSummary(
                s.Id, s.Name, Enum.Parse<ServerTransport>(s.Transport),
                ServerChanges.Endpoint(s.Transport, s.Url, s.Command, s.ArgumentsJson),
                st?.State ?? UnknownState, st?.Reason, st?.LastCheckedAt, st?.LatencyMs, st?.ProtocolVersion,
                st?.ToolCount, st?.ResourceCount, st?.PromptCount, st?.CatalogHash,
                uptime.TryGetValue(s.Id, out var u) ? u : null,
                s.Group, s.Location, ServerMapping.ReadList(s.TagsJson), s.Enabled);
        }).ToList();
    }

    /// <summary>The detail page's data: definition (secrets redacted), status, recent events, latest catalog.</summary>
    public async Task<ServerDetails?> GetDetailsAsync(int id, int recentEvents = 20, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var server = await db.Servers.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        if (server is null)
            return null;
        var status = await db.ServerStatus.AsNoTracking().FirstOrDefaultAsync(s => s.ServerId == id, ct);
        var events = await db.StateEvents.AsNoTracking().Where(e => e.ServerId == id)
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(recentEvents).ToListAsync(ct);
        var catalog = await db.CatalogSnapshots.AsNoTracking().Where(c => c.ServerId == id)
            .OrderByDescending(c => c.At).ThenByDescending(c => c.Id).FirstOrDefaultAsync(ct);
        var uptime = await UptimeAsync(db, clock.GetUtcNow().AddHours(-24), ct, id);
        return new ServerDetails(mapping.ToView(server), status, events, catalog, uptime.TryGetValue(id, out var u) ? u : null);
    }

    /// <summary>Share of successful probes since <paramref name="since"/>, in percent, per server that has samples.</summary>
    private static async Task<Dictionary<int, double>> UptimeAsync(ConsoleDbContext db, DateTimeOffset since, CancellationToken ct, int? serverId = null)
    {
        // Raw samples for now; the metrics feature's roll-ups should replace this for large fleets.
        var rows = await db.ProbeSamples.AsNoTracking()
            .Where(p => p.At >= since && (serverId == null || p.ServerId == serverId))
            .GroupBy(p => p.ServerId)
            .Select(g => new { ServerId = g.Key, Total = g.Count(), Ok = g.Count(p => p.Succeeded) })
            .ToListAsync(ct);
        return rows.Where(r => r.Total > 0).ToDictionary(r => r.ServerId, r => 100.0 * r.Ok / r.Total);
    }
}

/// <summary>Everything the detail page shows. Status, event reasons and catalog text are untrusted: render as text.</summary>
public sealed record ServerDetails(
    ServerView Server,
    ServerStatus? Status,
    IReadOnlyList<StateEvent> RecentEvents,
    CatalogSnapshot? LatestCatalog,
    double? UptimePercent24h);
