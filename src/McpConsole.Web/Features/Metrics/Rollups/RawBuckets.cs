using System.Data.Common;
using McpConsole.Core.Metrics;
using McpConsole.Web.Infrastructure.Storage;

namespace McpConsole.Web.Features.Metrics.Rollups;

/// <summary>Buckets computed straight from raw probe samples of one server (covering index ServerId, At, Succeeded, LatencyMs).</summary>
internal sealed class RawBuckets : IDisposable
{
    private readonly DbCommand _read;

    public RawBuckets(DbConnection connection)
    {
        _read = connection.Command(
            """SELECT "At", "Succeeded", "LatencyMs" FROM "ProbeSamples" WHERE "ServerId" = @id AND "At" >= @from AND "At" < @to ORDER BY "At" """,
            ("@id", 0), ("@from", 0L), ("@to", 0L));
    }

    public DbTransaction? Transaction
    {
        set => _read.Transaction = value;
    }

    /// <summary>The non-empty buckets of <paramref name="bucketTicks"/> in [from, to), in time order.</summary>
    public List<BucketStats> Read(int serverId, long from, long to, long bucketTicks)
    {
        _read.Parameters[0].Value = serverId;
        _read.Parameters[1].Value = from;
        _read.Parameters[2].Value = to;
        var buckets = new List<BucketStats>();
        var latencies = new List<double>();
        long current = -1;
        int count = 0, failures = 0;
        using var reader = _read.ExecuteReader();
        while (reader.Read())
        {
            var at = reader.GetInt64(0);
            var start = at - at % bucketTicks;
            if (start != current)
            {
                if (count > 0)
                    buckets.Add(BucketStats.Compute(current, count, failures, latencies));
                current = start;
                count = failures = 0;
                latencies.Clear();
            }

            count++;
            if (reader.GetBoolean(1))
                latencies.Add(reader.GetDouble(2));
            else
                failures++;
        }

        if (count > 0)
            buckets.Add(BucketStats.Compute(current, count, failures, latencies));
        return buckets;
    }

    public void Dispose() => _read.Dispose();
}
