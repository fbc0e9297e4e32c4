using Hangfire;
using McpConsole.Core.Metrics;
using System.Data.Common;
using McpConsole.Web.Infrastructure.Storage;

namespace McpConsole.Web.Features.Metrics.Rollups;

/// <summary>
/// Rolls raw probe samples up into minute and hour buckets. Idempotent by construction: every bucket is recomputed
/// from all its raw samples and written with an upsert, and the watermark moves in the same transaction as
/// the rows it covers. A run repeated, or cut short by a crash, therefore counts nothing twice and loses nothing:
/// the next run starts again from the last committed watermark.
/// Host clock jumps: the watermark never moves back. While the clock is behind it (jumped back), each run recomputes
/// the buckets just before the clock's now, so samples stamped by the jumped-back clock are rolled up too (into
/// buckets that already exist: upserted, never duplicated); once the clock catches up, runs carry on from the watermark.
/// A forward jump rolls every bucket up to the new now once, chunk by chunk.
/// </summary>
public sealed class RollupJob(MetricsDatabase database, TimeProvider clock, ILogger<RollupJob> logger)
{
    /// <summary>Test seam: called after each server's buckets are written, inside the transaction.</summary>
    internal Action<RollupKind, int>? AfterServer { get; set; }

    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    [AutomaticRetry(Attempts = 0)]
    public Task RollUpMinutesAsync(CancellationToken ct) => RollUpAsync(RollupKind.Minute, ct);

    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    [AutomaticRetry(Attempts = 0)]
    public Task RollUpHoursAsync(CancellationToken ct) => RollUpAsync(RollupKind.Hour, ct);

    /// <summary>Rolls up every complete bucket up to now; returns the number of bucket rows written.</summary>
    public async Task<int> RollUpAsync(RollupKind kind, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var end = MetricsRange.Floor(clock.GetUtcNow(), kind.Bucket).UtcTicks;
        var stored = ReadWatermark(connection, kind);
        var watermark = stored ?? OldestSample(connection, kind) ?? end;
        var from = Math.Max(0, Math.Min(watermark, end) - kind.Overlap.Ticks);
        var servers = ServerIds(connection);
        var written = 0;
        while (from < end)
        {
            ct.ThrowIfCancellationRequested();
            var to = Math.Min(end, from + kind.Chunk.Ticks);
            written += WriteChunk(connection, kind, servers, from, to, Math.Max(to, stored ?? 0));
            from = to;
        }

        logger.LogDebug("Roll-up {Kind}: {Rows} buckets up to {End:o}", kind.Name, written, new DateTimeOffset(end, TimeSpan.Zero));
        return written;
    }

    private int WriteChunk(DbConnection connection, RollupKind kind, IReadOnlyList<int> servers, long from, long to, long watermark)
    {
        using var transaction = connection.BeginTransaction();
        using var raw = new RawBuckets(connection) { Transaction = transaction };
        using var upsert = connection.Command($"""
            INSERT INTO "{kind.Table}" ("ServerId", "Bucket", "Count", "Failures", "MinMs", "AvgMs", "MaxMs", "P50Ms", "P95Ms")
            VALUES (@id, @start, @count, @failures, @min, @avg, @max, @p50, @p95)
            ON CONFLICT ("ServerId", "Bucket") DO UPDATE SET "Count" = excluded."Count", "Failures" = excluded."Failures",
                "MinMs" = excluded."MinMs", "AvgMs" = excluded."AvgMs", "MaxMs" = excluded."MaxMs", "P50Ms" = excluded."P50Ms", "P95Ms" = excluded."P95Ms"
            """, ("@id", 0), ("@start", 0L), ("@count", 0), ("@failures", 0), ("@min", 0.0), ("@avg", 0.0), ("@max", 0.0), ("@p50", 0.0), ("@p95", 0.0));
        upsert.Transaction = transaction;
        upsert.Prepare();
        var written = 0;
        foreach (var serverId in servers)
        {
            foreach (var b in raw.Read(serverId, from, to, kind.Bucket.Ticks))
            {
                Bind(upsert, kind, serverId, b);
                upsert.ExecuteNonQuery();
                written++;
            }

            AfterServer?.Invoke(kind, serverId);
        }

        using (var mark = connection.Command("""INSERT INTO "RollupWatermarks" ("Name", "UpTo") VALUES (@name, @upTo) ON CONFLICT ("Name") DO UPDATE SET "UpTo" = excluded."UpTo" """,
                   ("@name", kind.Name), ("@upTo", watermark)))
        {
            mark.Transaction = transaction;
            mark.ExecuteNonQuery();
        }

        transaction.Commit();
        return written;
    }

    private static void Bind(DbCommand upsert, RollupKind kind, int serverId, BucketStats b)
    {
        object?[] values = [serverId, kind.NumberOf(b.Start), b.Count, b.Failures, StoredLatency.Round(b.MinMs), StoredLatency.Round(b.AvgMs),
            StoredLatency.Round(b.MaxMs), StoredLatency.Round(b.P50Ms), StoredLatency.Round(b.P95Ms)];
        for (var i = 0; i < values.Length; i++)
            upsert.Parameters[i].Value = values[i] ?? DBNull.Value;
    }

    internal static long? ReadWatermark(DbConnection connection, RollupKind kind)
    {
        using var command = connection.Command("""SELECT "UpTo" FROM "RollupWatermarks" WHERE "Name" = @name""", ("@name", kind.Name));
        return command.ExecuteScalar() is long upTo ? upTo : null;
    }

    private static long? OldestSample(DbConnection connection, RollupKind kind)
    {
        using var command = connection.Command("""SELECT MIN("At") FROM "ProbeSamples" """);
        return command.ExecuteScalar() is long at ? at - at % kind.Bucket.Ticks : null;
    }

    private static List<int> ServerIds(DbConnection connection)
    {
        using var command = connection.Command("""SELECT "Id" FROM "Servers" ORDER BY "Id" """);
        using var reader = command.ExecuteReader();
        var ids = new List<int>();
        while (reader.Read())
            ids.Add(reader.GetInt32(0));
        return ids;
    }
}
