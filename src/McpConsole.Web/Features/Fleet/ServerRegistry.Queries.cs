using McpConsole.Core.Fleet;
using McpConsole.Core.Health;
using McpConsole.Core.Metrics;
using McpConsole.Web.Features.Probing;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;

namespace McpConsole.Web.Features.Fleet;

/// <summary>Read models for the list and detail pages: registry rows joined with what probing stored.</summary>
public sealed partial class ServerRegistry
{
    public const string UnknownState = "Unknown";

    /// <summary>
    /// Every server with its latest status judged at now (stale states are Unknown: <see cref="Core.Health.StateFreshness"/>),
    /// and when <paramref name="includeUptime"/> its up and unknown share of the last 24 h.
    /// </summary>
    public async Task<IReadOnlyList<ServerSummary>> ListAsync(bool includeUptime = true, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var servers = await db.Servers.AsNoTracking().OrderBy(s => s.Name).ToListAsync(ct);
        var statuses = await db.ServerStatus.AsNoTracking().ToDictionaryAsync(s => s.ServerId, ct);
        var now = clock.GetUtcNow();
        var coverage = includeUptime ? await CoverageAsync(db, now, ct) : [];
        return servers.Select(s =>
        {
            statuses.TryGetValue(s.Id, out var st);
            coverage.TryGetValue(s.Id, out var c);
            return new ServerSummary(
                s.Id, s.Name, Enum.Parse<ServerTransport>(s.Transport),
                ServerChanges.Endpoint(s.Transport, s.Url, s.Command, s.ArgumentsJson),
                st?.State ?? UnknownState, st?.Reason, st?.LastCheckedAt, st?.LatencyMs, st?.ProtocolVersion,
                st?.ToolCount, st?.ResourceCount, st?.PromptCount, st?.CatalogHash,
                c?.UpPercent,
                s.Group, s.Location, ServerMapping.ReadList(s.TagsJson), s.Enabled)
            {
                UnknownPercent24h = c?.UnknownPercent,
            }.JudgedAt(ServerFreshness.Of(st, s), now);
        }).ToList();
    }

    /// <summary>The detail page's data: definition (secrets redacted), status judged at now, recent events, latest catalog.</summary>
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
        var now = clock.GetUtcNow();
        var coverage = await CoverageAsync(db, now, ct, id);
        coverage.TryGetValue(id, out var c);
        var stored = ServerFreshness.Of(status, server);
        return new ServerDetails(mapping.ToView(server), status, events, catalog, c?.UpPercent)
        {
            Stored = stored, Effective = StateFreshness.Evaluate(stored, now), UnknownPercent24h = c?.UnknownPercent,
        };
    }

    /// <summary>One server's state as the API shows it (judged at now), or null when the server does not exist.</summary>
    public async Task<ServerStateView?> GetStateAsync(int id, CancellationToken ct = default) =>
        await GetDetailsAsync(id, recentEvents: 0, ct) is { } d ? ServerStateView.From(d) : null;

    /// <summary>Up, down and unknown share of the last 24 h per server (<see cref="SampleCoverage"/>).</summary>
    private static async Task<Dictionary<int, WindowAvailability>> CoverageAsync(ConsoleDbContext db, DateTimeOffset now, CancellationToken ct, int? serverId = null)
    {
        // Raw samples for now; the metrics feature's roll-ups should replace this for large fleets.
        await db.Database.OpenConnectionAsync(ct);
        return await SampleCoverage.ReadAsync(db.Database.GetDbConnection(), now.AddHours(-24), now, serverId, ct);
    }
}

/// <summary>Everything the detail page shows. Status, event reasons and catalog text are untrusted: render as text.</summary>
public sealed record ServerDetails(
    ServerView Server,
    ServerStatus? Status,
    IReadOnlyList<StateEvent> RecentEvents,
    CatalogSnapshot? LatestCatalog,
    double? UptimePercent24h)
{
    /// <summary>What the state is judged from, so the page can judge it again as time passes.</summary>
    public StoredState? Stored { get; init; }

    /// <summary>The state to show (Unknown "no result since ..." when stale), with its age and the last known state.</summary>
    public EffectiveState? Effective { get; init; }

    public double? UnknownPercent24h { get; init; }
}

/// <summary>GET /api/servers/{id}/state: the state as every page shows it, its age, and the stored state behind a stale one.</summary>
public sealed record ServerStateView(
    int Id,
    string State,
    string? Reason,
    DateTimeOffset? Since,
    DateTimeOffset? LastCheckedAt,
    double? AgeSeconds,
    bool Stale,
    string LastKnownState,
    string? LastKnownReason,
    double? UptimePercent24h,
    double? UnknownPercent24h)
{
    public static ServerStateView? From(ServerDetails d) => d.Effective is not { } e ? null : new(
        d.Server.Id, e.State, e.Reason, e.Since, e.LastCheckedAt, e.Age is { } age ? Math.Round(age.TotalSeconds, 1) : null, e.Stale,
        e.LastKnownState, e.LastKnownReason, d.UptimePercent24h, d.UnknownPercent24h);
}
