using Hangfire;
using McpConsole.Core.Costs;
using McpConsole.Core.Metrics;
using McpConsole.Web.Features.Metrics;
using System.Data.Common;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.Extensions.Options;

namespace McpConsole.Web.Features.Costs;

/// <summary>
/// Rolls resource readings up into hours (ResourceHours) with the server's allocation at the time of the roll-up, then
/// applies retention. Idempotent like the probe roll-ups: each hour is recomputed from all its readings and written
/// with an upsert, and the watermark moves in the same transaction; the last two hours are recomputed on each
/// run for readings written late.
/// </summary>
public sealed class ResourceRollupJob(MetricsDatabase database, CostServers servers, TimeProvider clock, IOptions<CostOptions> options, ILogger<ResourceRollupJob> logger)
{
    private static readonly TimeSpan _hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan _overlap = TimeSpan.FromHours(2);

    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    [AutomaticRetry(Attempts = 0)]
    public async Task<int> RunAsync(CancellationToken ct = default)
    {
        var o = options.Value;
        var now = clock.GetUtcNow();
        var end = MetricsRange.Floor(now, _hour);
        var list = await servers.ListAsync(ct);
        await using var connection = await database.OpenAsync(ct);
        var from = ResourceStore.RolledUpTo(connection) is { } rolled ? rolled - _overlap : OldestSample(connection) ?? end;
        var written = 0;
        using (var transaction = connection.BeginTransaction())
        {
            using var upsert = connection.Command("""
                INSERT INTO "ResourceHours" ("ServerId", "BucketStart", "KnownSeconds",
                    "KnownCpuSeconds", "UsedCpuCoreSeconds", "BilledCpuCoreSeconds", "AssumedCpuCoreSeconds",
                    "KnownMemorySeconds", "UsedMemoryMbSeconds", "BilledMemoryMbSeconds", "AssumedMemoryMbSeconds",
                    "Requests", "Samples", "PeakCpuCores", "PeakMemoryMb")
                VALUES (@id, @start, @known, @knownCpu, @usedCpu, @billedCpu, @assumedCpu, @knownMem, @usedMem, @billedMem, @assumedMem,
                    @req, @samples, @peakCpu, @peakMem)
                ON CONFLICT ("ServerId", "BucketStart") DO UPDATE SET "KnownSeconds" = excluded."KnownSeconds",
                    "KnownCpuSeconds" = excluded."KnownCpuSeconds", "UsedCpuCoreSeconds" = excluded."UsedCpuCoreSeconds",
                    "BilledCpuCoreSeconds" = excluded."BilledCpuCoreSeconds", "AssumedCpuCoreSeconds" = excluded."AssumedCpuCoreSeconds",
                    "KnownMemorySeconds" = excluded."KnownMemorySeconds", "UsedMemoryMbSeconds" = excluded."UsedMemoryMbSeconds",
                    "BilledMemoryMbSeconds" = excluded."BilledMemoryMbSeconds", "AssumedMemoryMbSeconds" = excluded."AssumedMemoryMbSeconds",
                    "Requests" = excluded."Requests", "Samples" = excluded."Samples", "PeakCpuCores" = excluded."PeakCpuCores",
                    "PeakMemoryMb" = excluded."PeakMemoryMb"
                """, ("@id", 0), ("@start", 0L), ("@known", 0.0), ("@knownCpu", 0.0), ("@usedCpu", 0.0), ("@billedCpu", 0.0), ("@assumedCpu", 0.0),
                ("@knownMem", 0.0), ("@usedMem", 0.0), ("@billedMem", 0.0), ("@assumedMem", 0.0),
                ("@req", 0L), ("@samples", 0), ("@peakCpu", 0.0), ("@peakMem", 0.0));
            upsert.Transaction = transaction;
            foreach (var server in list)
            {
                ct.ThrowIfCancellationRequested();
                var samples = ResourceStore.Samples(connection, server.Costed.Id, from - o.MaxGap, end);
                foreach (var b in UsageIntegrator.Integrate(samples, server.Costed.Allocation, o.MaxGap, _hour).Where(b => b.Start >= from && b.Start < end))
                {
                    object?[] values = [server.Costed.Id, b.Start.UtcTicks, b.KnownSeconds,
                        b.KnownCpuSeconds, b.UsedCpuCoreSeconds, b.BilledCpuCoreSeconds, b.AssumedCpuCoreSeconds,
                        b.KnownMemorySeconds, b.UsedMemoryMbSeconds, b.BilledMemoryMbSeconds, b.AssumedMemoryMbSeconds,
                        b.Requests, b.Samples, b.PeakCpuCores, b.PeakMemoryMb];
                    for (var i = 0; i < values.Length; i++)
                        upsert.Parameters[i].Value = values[i] ?? DBNull.Value;
                    upsert.ExecuteNonQuery();
                    written++;
                }
            }

            using var mark = connection.Command(
                """INSERT INTO "RollupWatermarks" ("Name", "UpTo") VALUES (@name, @upTo) ON CONFLICT ("Name") DO UPDATE SET "UpTo" = excluded."UpTo" """,
                ("@name", ResourceStore.Watermark), ("@upTo", end.UtcTicks));
            mark.Transaction = transaction;
            mark.ExecuteNonQuery();
            transaction.Commit();
        }

        var deleted = Delete(connection, "ResourceSamples", "At", Min(now - o.RawRetention, end - _overlap - o.MaxGap))
            + Delete(connection, "ResourceHours", "BucketStart", now - o.HourRetention);
        logger.LogDebug("Resource roll-up: {Rows} hours up to {End:o}, {Deleted} old rows deleted", written, end, deleted);
        return written;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static long Delete(DbConnection connection, string table, string column, DateTimeOffset cutoff)
    {
        using var command = connection.Command($"""DELETE FROM "{table}" WHERE "{column}" < @cutoff""", ("@cutoff", cutoff.UtcTicks));
        return command.ExecuteNonQuery();
    }

    private static DateTimeOffset? OldestSample(DbConnection connection)
    {
        using var command = connection.Command("""SELECT MIN("At") FROM "ResourceSamples" """);
        return command.ExecuteScalar() is long at ? MetricsRange.Floor(new DateTimeOffset(at, TimeSpan.Zero), _hour) : null;
    }
}
