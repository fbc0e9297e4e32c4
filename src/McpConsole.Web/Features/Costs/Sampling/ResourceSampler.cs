using System.Collections.Concurrent;
using McpConsole.Core.Fleet;
using McpConsole.Core.Text;
using McpConsole.Web.Features.Metrics;
using McpConsole.Web.Features.Probing;
using System.Data.Common;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.Extensions.Options;

namespace McpConsole.Web.Features.Costs.Sampling;

/// <summary>
/// Reads every enabled server's CPU, memory and requests every <see cref="CostOptions.SampleInterval"/> and stores one
/// reading per server (ResourceSamples). A hosted loop rather than a Hangfire job: CPU is a delta of cumulative
/// counters, so each run needs the previous counters of each process in memory, and a 30 s job would fill the job
/// history for nothing. (Roll-ups, which are idempotent, are Hangfire jobs.) Never opens an MCP session: stdio
/// servers the console launched are read from the process table, HTTP servers from a plain GET of their /metrics, or
/// else from the memory their health://status reported at the last probe. Requests of a stdio server are the client
/// requests the console sent it (<see cref="ObservedRequests"/>): it has no other client.
/// </summary>
public sealed class ResourceSampler(
    MetricsDatabase database, StdioSupervisor stdio, PrometheusScraper scraper, ReportedMemory reportedMemory, ObservedRequests observedRequests, TimeProvider clock,
    IOptions<CostOptions> options, ILogger<ResourceSampler> logger) : BackgroundService
{
    private static readonly TimeSpan _noMetricsRetry = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<int, Reading> _previous = new();
    private readonly ConcurrentDictionary<int, DateTimeOffset> _noMetricsUntil = new();
    private readonly ConcurrentDictionary<int, string> _metricsFailures = new();

    /// <summary>Why the server's Prometheus metrics were not read at the last try (e.g. refused by the outbound policy), or null.</summary>
    public string? MetricsFailure(int serverId) => _metricsFailures.GetValueOrDefault(serverId);
    private readonly SemaphoreSlim _gate = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SampleInterval, clock);
        do
        {
            try
            {
                await SampleOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Resource sampling failed; next try in {Interval}", options.Value.SampleInterval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Reads every server once and stores what it found; returns the number of readings stored.</summary>
    public async Task<int> SampleOnceAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await using var connection = await database.OpenAsync(ct);
            var targets = Targets(connection);
            var running = stdio.RunningProcesses;
            var readings = await Task.WhenAll(targets.Select(t => ReadIsolatedAsync(t, running, ct)));
            var rows = targets.Zip(readings).Where(p => p.Second is not null).Select(p => ToRow(p.First.Id, p.Second!)).ToList();
            Write(connection, rows);
            foreach (var gone in _previous.Keys.Except(targets.Select(t => t.Id)))
                _previous.TryRemove(gone, out _);
            foreach (var gone in _metricsFailures.Keys.Except(targets.Select(t => t.Id)))
                _metricsFailures.TryRemove(gone, out _);
            return rows.Count;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// One server whose reading fails (an odd /proc entry, an unfetchable metrics URL, a scraper bug) is skipped, with the
    /// reason shown on its cost panel; the others are stored.
    /// </summary>
    private async Task<Reading?> ReadIsolatedAsync(Target target, IReadOnlyDictionary<int, int> running, CancellationToken ct)
    {
        try
        {
            return await ReadAsync(target, running, ct);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException && !ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Resource sampling of server {ServerId} failed; the other servers are sampled", target.Id);
            _metricsFailures[target.Id] = $"sampling failed: {SafeText.Cut(ex.Message, 300)}";
            return null;
        }
    }

    private async Task<Reading?> ReadAsync(Target target, IReadOnlyDictionary<int, int> running, CancellationToken ct)
    {
        if (target.Transport == nameof(ServerTransport.Stdio))
            return running.TryGetValue(target.Id, out var pid) && ProcessReader.Read(pid, clock.GetUtcNow()) is { } process
                ? process with { Requests = observedRequests.Demand(target.Id) } // the console is its only client
                : null;
        if (MetricsUrl(target) is not { } url || (_noMetricsUntil.TryGetValue(target.Id, out var until) && until > clock.GetUtcNow()))
            return FromHealthResource(target);
        var (reading, failure) = await scraper.ScrapeAsync(url, clock, options.Value.ScrapeTimeout, ct);
        if (reading is null)
        {
            _noMetricsUntil[target.Id] = clock.GetUtcNow() + _noMetricsRetry;
            _metricsFailures[target.Id] = $"{url.Scheme}://{url.Authority}{url.AbsolutePath}: {failure}";
        }
        else
        {
            _noMetricsUntil.TryRemove(target.Id, out _);
            _metricsFailures.TryRemove(target.Id, out _);
        }

        return reading ?? FromHealthResource(target);
    }

    /// <summary>
    /// No Prometheus metrics: the memory the server reported in health://status at its last probe (no CPU). A report
    /// stands until the next probe is due (plus one sampling interval of slack); older, the server is not being probed
    /// and its memory is unknown.
    /// </summary>
    private Reading? FromHealthResource(Target target) =>
        reportedMemory.Megabytes(target.Id, maxAge: Max(options.Value.SampleInterval * 2, TimeSpan.FromSeconds(target.ProbeIntervalSeconds) + options.Value.SampleInterval)) is { } megabytes
            ? new Reading(clock.GetUtcNow(), CpuSeconds: null, MemoryBytes: megabytes * 1024 * 1024, Requests: null, Identity: "health-resource")
            : null;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static Uri? MetricsUrl(Target target)
    {
        if (!string.IsNullOrWhiteSpace(target.MetricsUrl) && Uri.TryCreate(target.MetricsUrl, UriKind.Absolute, out var configured))
            return configured;
        return Uri.TryCreate(target.Url, UriKind.Absolute, out var endpoint) && endpoint.Scheme is "http" or "https"
            ? PrometheusScraper.DefaultMetricsUrl(endpoint)
            : null;
    }

    /// <summary>Turns counters into a stored reading: deltas against the previous reading of the same process.</summary>
    private (int ServerId, long At, double? Cpu, double? MemoryMb, long? Requests) ToRow(int serverId, Reading now)
    {
        var previous = _previous.TryGetValue(serverId, out var p) && p.Identity == now.Identity ? p : null;
        _previous[serverId] = now;
        double? cpu = null;
        long? requests = null;
        if (previous is not null)
        {
            var seconds = (now.At - previous.At).TotalSeconds;
            if (seconds > 0 && now.CpuSeconds is { } c1 && previous.CpuSeconds is { } c0 && c1 >= c0)
                cpu = (c1 - c0) / seconds;
            if (now.Requests is { } r1 && previous.Requests is { } r0 && r1 >= r0)
                requests = (long)Math.Round(r1 - r0);
        }

        return (serverId, now.At.UtcTicks, cpu, now.MemoryBytes / (1024 * 1024), requests);
    }

    private static void Write(DbConnection connection, List<(int ServerId, long At, double? Cpu, double? MemoryMb, long? Requests)> rows)
    {
        if (rows.Count == 0)
            return;
        using var transaction = connection.BeginTransaction();
        using var insert = connection.Command(
            """
            INSERT INTO "ResourceSamples" ("ServerId", "At", "CpuCores", "MemoryMb", "Requests") VALUES (@id, @at, @cpu, @mem, @req)
            ON CONFLICT ("ServerId", "At") DO UPDATE SET "CpuCores" = excluded."CpuCores", "MemoryMb" = excluded."MemoryMb", "Requests" = excluded."Requests"
            """,
            ("@id", 0), ("@at", 0L), ("@cpu", 0.0), ("@mem", 0.0), ("@req", 0L));
        insert.Transaction = transaction;
        insert.Prepare();
        foreach (var r in rows)
        {
            insert.Parameters[0].Value = r.ServerId;
            insert.Parameters[1].Value = r.At;
            insert.Parameters[2].Value = (object?)r.Cpu ?? DBNull.Value;
            insert.Parameters[3].Value = (object?)r.MemoryMb ?? DBNull.Value;
            insert.Parameters[4].Value = (object?)r.Requests ?? DBNull.Value;
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private static List<Target> Targets(DbConnection connection)
    {
        using var command = connection.Command("""
            SELECT "Id", "Transport", "Url", "MetricsUrl", "ProbeIntervalSeconds" FROM "Servers" WHERE "Enabled" = @enabled ORDER BY "Id"
            """, ("@enabled", true));
        using var reader = command.ExecuteReader();
        var targets = new List<Target>();
        while (reader.Read())
            targets.Add(new Target(reader.GetInt32(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetInt32(4)));
        return targets;
    }

    private sealed record Target(int Id, string Transport, string? Url, string? MetricsUrl, int ProbeIntervalSeconds);

    public override void Dispose()
    {
        _gate.Dispose();
        base.Dispose();
    }
}
