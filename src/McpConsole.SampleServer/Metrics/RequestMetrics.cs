using System.Collections.Concurrent;

namespace McpConsole.SampleServer.Metrics;

/// <summary>Counts and times MCP requests per JSON-RPC method (read by /metrics).</summary>
public sealed class RequestMetrics
{
    /// <summary>Upper bounds of the duration histogram buckets, in seconds (the Prometheus client defaults).</summary>
    public static readonly double[] Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly ConcurrentDictionary<string, MethodStats> _byMethod = new();

    public void Record(string method, TimeSpan duration) =>
        _byMethod.GetOrAdd(method, _ => new MethodStats()).Add(duration.TotalSeconds);

    public IReadOnlyList<(string Method, MethodSnapshot Stats)> Snapshot() =>
        [.. _byMethod.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, kv.Value.Read()))];

    private sealed class MethodStats
    {
        private readonly Lock _lock = new();
        private readonly long[] _bucketCounts = new long[Buckets.Length];
        private long _count;
        private double _sum;

        public void Add(double seconds)
        {
            lock (_lock)
            {
                _count++;
                _sum += seconds;
                for (var i = 0; i < Buckets.Length; i++)
                    if (seconds <= Buckets[i]) _bucketCounts[i]++;
            }
        }

        public MethodSnapshot Read()
        {
            lock (_lock) return new MethodSnapshot(_count, _sum, [.. _bucketCounts]);
        }
    }
}

/// <summary>Cumulative counts: <see cref="BucketCounts"/>[i] is the number of requests at or under Buckets[i].</summary>
public sealed record MethodSnapshot(long Count, double Sum, long[] BucketCounts);
