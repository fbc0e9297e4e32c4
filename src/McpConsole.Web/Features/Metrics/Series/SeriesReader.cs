using McpConsole.Core.Metrics;
using McpConsole.Web.Features.Metrics.Rollups;
using System.Data.Common;
using McpConsole.Web.Infrastructure.Storage;

namespace McpConsole.Web.Features.Metrics.Series;

/// <summary>
/// Reads a server's buckets for a range: from its roll-up table up to that table's watermark, and from raw samples
/// after it (so a chart is complete up to the last probe), then merges them into the range's bucket.
/// </summary>
internal static class SeriesReader
{
    public static List<BucketStats> Read(DbConnection connection, int serverId, MetricsRange range, long from, long to)
    {
        var (kind, table) = range.Source switch
        {
            SeriesSource.Minutes => (RollupKind.Minute, RollupKind.Minute.Table),
            SeriesSource.Hours => (RollupKind.Hour, RollupKind.Hour.Table),
            _ => ((RollupKind?)null, (string?)null),
        };
        var buckets = new List<BucketStats>();
        var rawFrom = from;
        if (kind is not null && table is not null)
        {
            var watermark = Math.Min(RollupJob.ReadWatermark(connection, kind) ?? from, to);
            if (watermark > from)
            {
                buckets.AddRange(ReadTable(connection, table, serverId, from, watermark));
                rawFrom = watermark;
            }
        }

        using (var raw = new RawBuckets(connection))
        {
            var rawBucket = kind?.Bucket.Ticks ?? range.Bucket.Ticks;
            buckets.AddRange(raw.Read(serverId, rawFrom, to, rawBucket));
        }

        return kind is null || kind.Bucket == range.Bucket ? buckets : MergeInto(buckets, range.Bucket.Ticks);
    }

    /// <summary>Probes and failures of one server (or all, when null) in [from, to), from hour roll-ups and raw samples.</summary>
    public static (long Probes, long Failures) Counts(DbConnection connection, int? serverId, long from, long to)
    {
        var watermark = Math.Clamp(RollupJob.ReadWatermark(connection, RollupKind.Hour) ?? from, from, to);
        var filter = serverId is null ? "" : "\"ServerId\" = @id AND ";
        using var hours = connection.Command(
            $"""SELECT COALESCE(SUM("Count"), 0), COALESCE(SUM("Failures"), 0) FROM "HourRollups" WHERE {filter}"BucketStart" >= @from AND "BucketStart" < @to""",
            Bounds(serverId, from, watermark));
        using var raw = connection.Command(
            $"""SELECT COUNT(*), COALESCE(SUM(CASE WHEN "Succeeded" THEN 0 ELSE 1 END), 0) FROM "ProbeSamples" WHERE {filter}"At" >= @from AND "At" < @to""",
            Bounds(serverId, watermark, to));
        var (p1, f1) = Pair(hours);
        var (p2, f2) = Pair(raw);
        return (p1 + p2, f1 + f2);
    }

    private static (string, object?)[] Bounds(int? serverId, long from, long to) =>
        serverId is { } id ? [("@id", id), ("@from", from), ("@to", to)] : [("@from", from), ("@to", to)];

    private static (long, long) Pair(DbCommand command)
    {
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static IEnumerable<BucketStats> ReadTable(DbConnection connection, string table, int serverId, long from, long to)
    {
        using var command = connection.Command(
            $"""
            SELECT "BucketStart", "Count", "Failures", "MinMs", "AvgMs", "MaxMs", "P50Ms", "P95Ms" FROM "{table}"
            WHERE "ServerId" = @id AND "BucketStart" >= @from AND "BucketStart" < @to ORDER BY "BucketStart"
            """,
            ("@id", serverId), ("@from", from), ("@to", to));
        using var reader = command.ExecuteReader();
        var rows = new List<BucketStats>();
        while (reader.Read())
        {
            rows.Add(new BucketStats(reader.GetInt64(0), reader.GetInt32(1), reader.GetInt32(2), reader.NullableDouble(3),
                reader.NullableDouble(4), reader.NullableDouble(5), reader.NullableDouble(6), reader.NullableDouble(7)));
        }

        return rows;
    }

    private static List<BucketStats> MergeInto(List<BucketStats> buckets, long bucketTicks) =>
        [.. buckets.GroupBy(b => b.Start - b.Start % bucketTicks).OrderBy(g => g.Key).Select(g => BucketMerge.Merge(g.Key, [.. g]))];
}
