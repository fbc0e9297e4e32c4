using McpConsole.Core.Health;
using McpConsole.Web.Features.Metrics.Rollups;
using McpConsole.Web.Features.Probing;
using McpConsole.Web.Features.Metrics.Series;
using System.Data.Common;
using McpConsole.Web.Infrastructure.Storage;

namespace McpConsole.Web.Features.Metrics.Overview;

/// <summary>One server on the overview: its latest state judged at a time (stale: Unknown), server text in Reason: render as text.</summary>
public sealed record OverviewServer(int Id, string Name, string State, DateTimeOffset? Since, string? Reason, double? LatencyMs, string? Group, string? Location)
{
    public DateTimeOffset? LastCheckedAt { get; init; }
    public TimeSpan? Age { get; init; }
    public bool Stale { get; init; }

    /// <summary>What the state was judged from, so a live page can judge it again as time passes.</summary>
    public StoredState? Stored { get; init; }

    /// <summary>This server judged at <paramref name="now"/> from <paramref name="stored"/> (<see cref="StateFreshness"/>).</summary>
    public OverviewServer JudgedAt(StoredState stored, DateTimeOffset now)
    {
        var e = StateFreshness.Evaluate(stored, now);
        return this with { Stored = stored, State = e.State, Reason = e.Reason, Since = e.Since, LastCheckedAt = e.LastCheckedAt, Age = e.Age, Stale = e.Stale };
    }
}

public sealed record OverviewEvent(int ServerId, string Name, DateTimeOffset At, string From, string To, string Reason);

/// <summary>
/// <paramref name="Availability24h"/> is the share of server-time known up: the probes' success ratio times the known share,
/// so missing results never raise it; <paramref name="Unknown24h"/> is the share of server-time without a result.
/// </summary>
public sealed record FleetOverview(IReadOnlyList<OverviewServer> Servers, double? Availability24h, long Probes24h, IReadOnlyList<OverviewEvent> Events,
    double? Unknown24h = null);

/// <summary>
/// The overview's first paint: every server with its status, fleet availability over 24 h (hour roll-ups, then
/// minute roll-ups for the current hour: at most a minute behind) and the latest state changes.
/// </summary>
public sealed class FleetOverviewService(MetricsDatabase database, TimeProvider clock)
{
    public const int EventCount = 15;

    public async Task<FleetOverview> GetAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var now = clock.GetUtcNow().UtcTicks;
        var (probes, failures) = FleetCounts(connection, now - TimeSpan.TicksPerDay, now);
        var at = new DateTimeOffset(now, TimeSpan.Zero);
        var unknown = SampleCoverage.FleetUnknownPercent((await SampleCoverage.ReadAsync(connection, at.AddDays(-1), at, null, ct)).Values);
        var known = 1 - ((unknown ?? 0) / 100);
        return new FleetOverview(Servers(connection, at), probes == 0 ? null : Math.Round(100.0 * known * (probes - failures) / probes, 3), probes,
            Events(connection), unknown);
    }

    /// <summary>Every server with its state judged at now (the topology's first paint), without the 24 h figures.</summary>
    public async Task<IReadOnlyList<OverviewServer>> ServersAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return Servers(connection, clock.GetUtcNow());
    }

    private static List<OverviewServer> Servers(DbConnection connection, DateTimeOffset now)
    {
        using var command = connection.Command("""
            SELECT s."Id", s."Name", COALESCE(st."State", 'Unknown'), st."Since", st."Reason", st."LatencyMs", s."Group", s."Location",
                st."LastCheckedAt", st."NextCheckAt", s."ProbeIntervalSeconds", s."TimeoutSeconds", s."Enabled"
            FROM "Servers" s LEFT JOIN "ServerStatus" st ON st."ServerId" = s."Id" ORDER BY s."Name"
            """);
        using var r = command.ExecuteReader();
        var servers = new List<OverviewServer>();
        while (r.Read())
        {
            var since = At(r, 3);
            var reason = r.IsDBNull(4) ? null : r.GetString(4);
            var stored = new StoredState(r.GetString(2), reason, since, At(r, 8), At(r, 9),
                TimeSpan.FromSeconds(Math.Max(1, r.GetInt32(10))), TimeSpan.FromSeconds(r.GetInt32(11)), r.GetBoolean(12));
            servers.Add(new OverviewServer(r.GetInt32(0), r.GetString(1), r.GetString(2), since, reason,
                r.NullableDouble(5), r.IsDBNull(6) ? null : r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7)).JudgedAt(stored, now));
        }

        return servers;
    }

    private static DateTimeOffset? At(DbDataReader r, int i) => r.IsDBNull(i) ? null : new DateTimeOffset(r.GetInt64(i), TimeSpan.Zero);

    private static List<OverviewEvent> Events(DbConnection connection)
    {
        using var command = connection.Command($"""
            SELECT e."ServerId", s."Name", e."At", e."FromState", e."ToState", e."Reason" FROM "StateEvents" e JOIN "Servers" s ON s."Id" = e."ServerId"
            WHERE e."FromState" <> e."ToState" ORDER BY e."At" DESC LIMIT {EventCount}
            """);
        using var r = command.ExecuteReader();
        var events = new List<OverviewEvent>();
        while (r.Read())
            events.Add(new OverviewEvent(r.GetInt32(0), r.GetString(1), new DateTimeOffset(r.GetInt64(2), TimeSpan.Zero), r.GetString(3), r.GetString(4), r.GetString(5)));
        return events;
    }

    private static (long Probes, long Failures) FleetCounts(DbConnection connection, long from, long to)
    {
        var hourMark = Math.Clamp(RollupJob.ReadWatermark(connection, RollupKind.Hour) ?? from, from, to);
        var minuteMark = Math.Clamp(RollupJob.ReadWatermark(connection, RollupKind.Minute) ?? hourMark, hourMark, to);
        var (p1, f1) = SeriesReader.RollupCounts(connection, RollupKind.Hour, SeriesReader.EveryServer, null, from, hourMark);
        var (p2, f2) = SeriesReader.RollupCounts(connection, RollupKind.Minute, SeriesReader.EveryServer, null, hourMark, minuteMark);
        return (p1 + p2, f1 + f2);
    }
}
