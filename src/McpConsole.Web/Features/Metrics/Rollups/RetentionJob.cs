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
        var servers = ServerIds(connection);
        var result = new RetentionResult(
            DeletePerServer(connection, servers, "ProbeSamples", "At", cutoffs.Raw.UtcTicks, ct),
            DeletePerServer(connection, servers, RollupKind.Minute.Table, "Bucket", RollupKind.Minute.FirstAtOrAfter(cutoffs.Minutes.UtcTicks), ct),
            DeletePerServer(connection, servers, RollupKind.Hour.Table, "Bucket", RollupKind.Hour.FirstAtOrAfter(cutoffs.Hours.UtcTicks), ct),
            Delete(connection, "StateEvents", "At", cutoffs.Events, options.Value.DeleteChunk, ct));
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

    /// <summary>
    /// Per server through the table's (ServerId, time) key, which is the whole table on SQLite (WITHOUT ROWID): a few
    /// hundred rows each per hourly run, no table scan and no separate time index to keep.
    /// </summary>
    private static long DeletePerServer(DbConnection connection, List<int> servers, string table, string timeColumn, long before, CancellationToken ct)
    {
        if (before <= 0)
            return 0;
        using var delete = connection.Command($"""DELETE FROM "{table}" WHERE "ServerId" = @id AND "{timeColumn}" < @before""", ("@id", 0), ("@before", before));
        long total = 0;
        foreach (var id in servers)
        {
            ct.ThrowIfCancellationRequested();
            delete.Parameters[0].Value = id;
            total += delete.ExecuteNonQuery();
        }

        return total;
    }

    private static List<int> ServerIds(DbConnection connection)
    {
        using var ids = connection.Command("""SELECT "Id" FROM "Servers" """);
        var servers = new List<int>();
        using var reader = ids.ExecuteReader();
        while (reader.Read())
            servers.Add(reader.GetInt32(0));
        return servers;
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
