using Hangfire;
using McpConsole.Core.Metrics;
using System.Data.Common;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.Extensions.Options;

namespace McpConsole.Web.Features.Metrics.Rollups;

/// <summary>What one retention run deleted.</summary>
public sealed record RetentionResult(long RawSamples, long MinuteRows, long HourRows, long StateEvents);

/// <summary>
/// Deletes what is older than its retention (raw samples, minute and hour roll-ups, state events) in chunks, so the
/// write lock is never held for long, and gives free pages back to the file with an incremental vacuum (SQLite; PostgreSQL
/// reclaims space with its own autovacuum).
/// Both are idempotent: a second run finds nothing more to delete.
/// </summary>
public sealed class RetentionJob(MetricsDatabase database, TimeProvider clock, IOptions<MetricsOptions> options, ILogger<RetentionJob> logger)
{
    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    [AutomaticRetry(Attempts = 0)]
    public async Task<RetentionResult> ApplyAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var now = clock.GetUtcNow();
        var minute = RollupJob.ReadWatermark(connection, RollupKind.Minute);
        var hour = RollupJob.ReadWatermark(connection, RollupKind.Hour);
        // Until both roll-ups have run once, nothing raw is old enough to lose.
        var neverRolledUp = DateTimeOffset.MinValue + RetentionPolicy.RecomputeWindow;
        var cutoffs = options.Value.Retention.CutoffsAt(now,
            minute is { } m ? new DateTimeOffset(m, TimeSpan.Zero) : neverRolledUp,
            hour is { } h ? new DateTimeOffset(h, TimeSpan.Zero) : neverRolledUp);
        var chunk = options.Value.DeleteChunk;
        var result = new RetentionResult(
            DeleteRawSamples(connection, cutoffs.Raw, ct),
            Delete(connection, "MinuteRollups", "BucketStart", cutoffs.Minutes, chunk, ct),
            Delete(connection, "HourRollups", "BucketStart", cutoffs.Hours, chunk, ct),
            Delete(connection, "StateEvents", "At", cutoffs.Events, chunk, ct));
        if (result != new RetentionResult(0, 0, 0, 0))
            logger.LogInformation("Retention deleted {Raw} raw samples, {Minutes} minute rows, {Hours} hour rows, {Events} state events",
                result.RawSamples, result.MinuteRows, result.HourRows, result.StateEvents);
        return result;
    }

    /// <summary>Gives up to <see cref="MetricsOptions.VacuumPagesPerRun"/> free pages back to the file system.</summary>
    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    [AutomaticRetry(Attempts = 0)]
    public async Task<long> VacuumAsync(CancellationToken ct = default)
    {
        if (database.IsPostgres)
            return 0;
        await using var connection = await database.OpenAsync(ct);
        var before = Pragma(connection, "freelist_count");
        using (var vacuum = connection.Command($"PRAGMA incremental_vacuum({options.Value.VacuumPagesPerRun})"))
        {
            using var reader = vacuum.ExecuteReader();
            while (reader.Read())
            {
            }
        }

        return before - Pragma(connection, "freelist_count");
    }

    private static long Pragma(DbConnection connection, string name)
    {
        using var command = connection.Command($"PRAGMA {name}");
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Per server through the (ServerId, At) index: a few hundred rows each per hourly run, no table scan.</summary>
    private static long DeleteRawSamples(DbConnection connection, DateTimeOffset cutoff, CancellationToken ct)
    {
        if (cutoff.UtcTicks <= 0)
            return 0;
        using var ids = connection.Command("""SELECT "Id" FROM "Servers" """);
        var servers = new List<int>();
        using (var reader = ids.ExecuteReader())
        {
            while (reader.Read())
                servers.Add(reader.GetInt32(0));
        }

        using var delete = connection.Command("""DELETE FROM "ProbeSamples" WHERE "ServerId" = @id AND "At" < @cutoff""", ("@id", 0), ("@cutoff", cutoff.UtcTicks));
        long total = 0;
        foreach (var id in servers)
        {
            ct.ThrowIfCancellationRequested();
            delete.Parameters[0].Value = id;
            total += delete.ExecuteNonQuery();
        }

        return total;
    }

    /// <summary>Oldest first through the time index, <paramref name="chunk"/> rows per statement.</summary>
    private long Delete(DbConnection connection, string table, string timeColumn, DateTimeOffset cutoff, int chunk, CancellationToken ct)
    {
        if (cutoff.UtcTicks <= 0)
            return 0;
        var rowId = database.IsPostgres ? "ctid" : "rowid";
        using var command = connection.Command($"""
            DELETE FROM "{table}" WHERE {rowId} IN (SELECT {rowId} FROM "{table}" WHERE "{timeColumn}" < @cutoff ORDER BY "{timeColumn}" LIMIT @chunk)
            """,
            ("@cutoff", cutoff.UtcTicks), ("@chunk", chunk));
        long total = 0;
        int deleted;
        do
        {
            ct.ThrowIfCancellationRequested();
            deleted = command.ExecuteNonQuery();
            total += deleted;
        }
        while (deleted == chunk);
        return total;
    }
}
