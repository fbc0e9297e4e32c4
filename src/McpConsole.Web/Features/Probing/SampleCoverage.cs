using System.Data.Common;
using McpConsole.Core.Health;
using McpConsole.Core.Metrics;
using McpConsole.Web.Infrastructure.Storage;

namespace McpConsole.Web.Features.Probing;

/// <summary>
/// Up, down and unknown time per server over a window, from the raw probe samples (<see cref="KnownTime"/>): a gap between
/// two samples longer than the server's stale threshold (interval x 2 + timeout) is time nobody knew, never up-time.
/// One statement on SQLite and PostgreSQL alike (LAG over the (ServerId, At) key, so no sort beyond the key order).
/// </summary>
public static class SampleCoverage
{
    public static async Task<Dictionary<int, WindowAvailability>> ReadAsync(DbConnection connection, DateTimeOffset from, DateTimeOffset now,
        int? serverId, CancellationToken ct)
    {
        var only = serverId is null ? "" : """ AND p."ServerId" = @id""";
        var onlyServer = serverId is null ? "" : """ WHERE s."Id" = @id""";
        await using var command = connection.Command($"""
            SELECT s."Id", s."CreatedAt", s."ProbeIntervalSeconds", s."TimeoutSeconds", a."Probes", a."Ok", a."First", a."Last", a."Gaps"
            FROM "Servers" s LEFT JOIN (
                SELECT g."ServerId", COUNT(*) AS "Probes", SUM(CASE WHEN g."Succeeded" THEN 1 ELSE 0 END) AS "Ok",
                    MIN(g."At") AS "First", MAX(g."At") AS "Last", SUM(CASE WHEN g."Gap" > g."T" THEN g."Gap" - g."T" ELSE 0 END) AS "Gaps"
                FROM (
                    SELECT p."ServerId", p."At", p."Succeeded", p."At" - LAG(p."At") OVER (PARTITION BY p."ServerId" ORDER BY p."At") AS "Gap",
                        CAST(2 * t."ProbeIntervalSeconds" + t."TimeoutSeconds" AS BIGINT) * {TimeSpan.TicksPerSecond} AS "T"
                    FROM "ProbeSamples" p JOIN "Servers" t ON t."Id" = p."ServerId"
                    WHERE p."At" >= @from AND p."At" <= @to{only}) g
                GROUP BY g."ServerId") a ON a."ServerId" = s."Id"{onlyServer}
            """, [("@from", from.UtcTicks), ("@to", now.UtcTicks), .. serverId is { } id ? [("@id", (object?)id)] : Array.Empty<(string, object?)>()]);
        await using var r = await command.ExecuteReaderAsync(ct);
        var result = new Dictionary<int, WindowAvailability>();
        while (await r.ReadAsync(ct))
        {
            var samples = r.IsDBNull(4) ? WindowSamples.None : new WindowSamples(Long(r, 4), Long(r, 5), At(r, 6), At(r, 7), TimeSpan.FromTicks(Long(r, 8)));
            var staleAfter = StateFreshness.StaleAfter(TimeSpan.FromSeconds(Math.Max(1, r.GetInt32(2))), TimeSpan.FromSeconds(r.GetInt32(3)));
            result[r.GetInt32(0)] = KnownTime.Of(samples, from, At(r, 1), now, staleAfter);
        }

        return result;
    }

    /// <summary>The fleet's share of server-time without a result, in percent (null for an empty fleet).</summary>
    public static double? FleetUnknownPercent(IEnumerable<WindowAvailability> servers)
    {
        long window = 0, unknown = 0;
        foreach (var s in servers)
        {
            window += s.Window.Ticks;
            unknown += s.Unknown.Ticks;
        }

        return window == 0 ? null : Math.Round(100.0 * unknown / window, 3);
    }

    // PostgreSQL sums bigint into numeric; SQLite returns long: convert whatever came.
    private static long Long(DbDataReader r, int i) => r.IsDBNull(i) ? 0 : Convert.ToInt64(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);

    private static DateTimeOffset? At(DbDataReader r, int i) => r.IsDBNull(i) ? null : new DateTimeOffset(Long(r, i), TimeSpan.Zero);
}
