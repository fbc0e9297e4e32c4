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
        var kind = range.Source switch
        {
            SeriesSource.Minutes => RollupKind.Minute,
            SeriesSource.Hours => RollupKind.Hour,
            _ => null,
        };
        var buckets = new List<BucketStats>();
        var rawFrom = from;
        if (kind is not null)
        {
            var watermark = Math.Min(RollupJob.ReadWatermark(connection, kind) ?? from, to);
            if (watermark > from)
            {
                buckets.AddRange(ReadTable(connection, kind, serverId, from, watermark));
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
        // The fleet (no server) also goes through the (ServerId, time) key, one seek per server: there is no time index.
        var filter = serverId is null ? EveryServer : "\"ServerId\" = @id AND ";
        var (p1, f1) = RollupCounts(connection, RollupKind.Hour, filter, serverId, from, watermark);
        using var raw = connection.Command(
            $"""SELECT COUNT(*), COALESCE(SUM(CASE WHEN "Succeeded" THEN 0 ELSE 1 END), 0) FROM "ProbeSamples" WHERE {filter}"At" >= @from AND "At" < @to""",
            Bounds(serverId, watermark, to));
        var (p2, f2) = Pair(raw);
        return (p1 + p2, f1 + f2);
    }

    /// <summary>A filter for <see cref="RollupCounts"/> that covers the whole fleet.</summary>
    internal const string EveryServer = "\"ServerId\" IN (SELECT \"Id\" FROM \"Servers\") AND ";

    /// <summary>Probes and failures in the roll-up buckets starting in [from, to) (UTC ticks).</summary>
    internal static (long Probes, long Failures) RollupCounts(DbConnection connection, RollupKind kind, string filter, int? serverId, long from, long to)
    {
        using var command = connection.Command(
            $"""SELECT COALESCE(SUM("Count"), 0), COALESCE(SUM("Failures"), 0) FROM "{kind.Table}" WHERE {filter}"Bucket" >= @from AND "Bucket" < @to""",
            Bounds(serverId, kind.FirstAtOrAfter(from), kind.FirstAtOrAfter(to)));
        return Pair(command);
    }

    private static (string, object?)[] Bounds(int? serverId, long from, long to) =>
        serverId is { } id ? [("@id", id), ("@from", from), ("@to", to)] : [("@from", from), ("@to", to)];

    private static (long, long) Pair(DbCommand command)
    {
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static IEnumerable<BucketStats> ReadTable(DbConnection connection, RollupKind kind, int serverId, long from, long to)
    {
        using var command = connection.Command(
            $"""
            SELECT "Bucket", "Count", "Failures", "MinMs", "AvgMs", "MaxMs", "P50Ms", "P95Ms" FROM "{kind.Table}"
            WHERE "ServerId" = @id AND "Bucket" >= @from AND "Bucket" < @to ORDER BY "Bucket"
            """,
            ("@id", serverId), ("@from", kind.FirstAtOrAfter(from)), ("@to", kind.FirstAtOrAfter(to)));
        using var reader = command.ExecuteReader();
        var rows = new List<BucketStats>();
        while (reader.Read())
        {
            rows.Add(new BucketStats(kind.StartOf(reader.GetInt64(0)), reader.GetInt32(1), reader.GetInt32(2), reader.NullableDouble(3),
                reader.NullableDouble(4), reader.NullableDouble(5), reader.NullableDouble(6), reader.NullableDouble(7)));
        }

        return rows;
    }

    private static List<BucketStats> MergeInto(List<BucketStats> buckets, long bucketTicks) =>
        [.. buckets.GroupBy(b => b.Start - b.Start % bucketTicks).OrderBy(g => g.Key).Select(g => BucketMerge.Merge(g.Key, [.. g]))];
}
