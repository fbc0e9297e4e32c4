using System.Diagnostics;
using McpConsole.Core.Metrics;
using McpConsole.Web.Features.Metrics;
using McpConsole.Web.Features.Metrics.Overview;
using McpConsole.Web.Features.Metrics.Rollups;
using McpConsole.Web.Features.Metrics.Series;
using McpConsole.Web.Features.Overview;
using McpConsole.Web.Features.Probing;
using McpConsole.Web.Features.ScaleOut;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

// Usage: dotnet run -c Release --project bench/McpConsole.Metrics.Bench [servers=1000] [intervalSeconds=10]
//        dotnet run -c Release --project bench/McpConsole.Metrics.Bench writer [servers=1000] [results=300000]
//        (the probe writer alone: status upserts and samples through ProbeResultWriter's batches)
var writerOnly = args.Length > 0 && args[0] == "writer";
args = writerOnly ? args[1..] : args;
var servers = args.Length > 0 ? int.Parse(args[0]) : 1000;
var interval = args.Length > 1 && !writerOnly ? int.Parse(args[1]) : 10;
var dir = Path.Combine(Path.GetTempPath(), "mcpconsole-metrics-bench-" + Environment.ProcessId);
Directory.CreateDirectory(dir);
var file = Path.Combine(dir, "console.db");
var cs = new SqliteConnectionStringBuilder { DataSource = file, Pooling = true }.ToString();
var now = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
var clock = new FixedClock(now);
var database = new MetricsDatabase(cs);
var report = new List<string>();
void Report(string line) { Console.WriteLine(line); report.Add(line); }

Report($"machine: {Environment.ProcessorCount} cores, {Cpu()}, load average at start {File.ReadAllText("/proc/loadavg").Split(' ')[0]}; servers {servers}, one probe every {interval} s");
await using (var db = new ConsoleDbContext(new DbContextOptionsBuilder<ConsoleDbContext>().UseSqlite(cs).Options))
{
    await db.Database.OpenConnectionAsync();
    await db.Database.ExecuteSqlRawAsync("PRAGMA auto_vacuum=INCREMENTAL; PRAGMA journal_mode=WAL;");
    await db.Database.MigrateAsync();
}

await using (var c = await database.OpenAsync())
{
    using var tx = c.BeginTransaction();
    using var add = c.CreateCommand();
    add.Transaction = tx;
    add.CommandText = """
        INSERT INTO Servers (Name, Transport, Url, ArgumentsJson, TagsJson, "Group", Location, ProbeIntervalSeconds, TimeoutSeconds, SlowThresholdMs, CheckHttpHealthEndpoints, Enabled, IsDemo, CreatedAt, UpdatedAt)
        VALUES ($name, 'StreamableHttp', 'http://127.0.0.1:1/mcp', '[]', '[]', $group, $location, 10, 5, 2000, 0, 1, 0, 0, 0);
        INSERT INTO ServerStatus (ServerId, State, Reason, Since, ConsecutiveFailures, ConsecutiveSuccesses, LatencyMs)
        VALUES (last_insert_rowid(), $state, 'ok', $since, 0, 1, $latency);
        """;
    for (var i = 0; i < servers; i++)
    {
        add.Parameters.Clear();
        add.AddParameter("$name", $"server-{i:0000}");
        add.AddParameter("$group", $"host-{i % 40}");
        add.AddParameter("$location", i % 3 == 0 ? "cloud" : "on-premise");
        add.AddParameter("$state", i % 50 == 0 ? "Down" : i % 17 == 0 ? "Degraded" : "Healthy");
        add.AddParameter("$since", now.AddMinutes(-i).UtcTicks);
        add.AddParameter("$latency", 20 + i % 200);
        add.ExecuteNonQuery();
    }

    tx.Commit();
}

if (writerOnly)
{
    await WriterThroughput.RunAsync(cs, servers, args.Length > 1 ? int.Parse(args[1]) : 300_000, now, Report);
    SqliteConnection.ClearAllPools();
    Directory.Delete(dir, recursive: true);
    return;
}

// 1. Ingest: 24 h of probes for the whole fleet through ProbeResultWriter's connection and prepared sample insert, in its batches
// (MaxWriteBatch rows per transaction), time step by time step as probes arrive (servers interleaved).
var perDay = 86_400 / interval;
var total = (long)servers * perDay;
var sizeBefore = FileSize(file);
var sw = Stopwatch.StartNew();
var cpu = Process.GetCurrentProcess().TotalProcessorTime;
var writeBatch = new ProbingOptions().MaxWriteBatch;
await using (var c = await ConsoleDatabase.Sqlite(cs).OpenForIngestAsync())
{
    using var insert = new ProbeSampleInsert(c);
    var rng = new Random(5);
    var start = now.AddDays(-1).UtcTicks;
    long written = 0;
    System.Data.Common.DbTransaction? tx = null;
    for (var step = 0; step < perDay; step++)
    {
        for (var s = 1; s <= servers; s++)
        {
            if (written % writeBatch == 0)
            {
                tx?.Commit();
                tx = c.BeginTransaction();
                insert.Transaction = tx;
            }

            var ok = rng.NextDouble() > 0.002;
            var latency = Math.Round(15 + rng.NextDouble() * 40 + (rng.NextDouble() < 0.05 ? 300 : 0), 2);
            insert.Add(s, start + step * interval * TimeSpan.TicksPerSecond + s * 1000, ok, ok ? latency : 5000, ok ? null : "Timeout");
            written++;
        }
    }

    tx?.Commit();
}

sw.Stop();
var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
var rawBytes = FileSize(file) - sizeBefore;
Report($"ingest: {total:N0} samples in {sw.Elapsed.TotalSeconds:0.0} s = {total / sw.Elapsed.TotalSeconds:N0} samples/s wall, {total / cpuUsed.TotalSeconds:N0} samples per CPU-second (ProbeSampleInsert, {writeBatch:N0} per transaction, WAL, synchronous=NORMAL)");
Report($"raw samples on disk: {rawBytes / (double)total:0.0} bytes per sample (WITHOUT ROWID table keyed by server and time)");

// 2. Roll-up jobs over the 24 h x fleet.
var rollups = new RollupJob(database, clock, NullLogger<RollupJob>.Instance);
sizeBefore = FileSize(file);
sw.Restart();
cpu = Process.GetCurrentProcess().TotalProcessorTime;
var minuteRows = await rollups.RollUpAsync(RollupKind.Minute);
var minuteTime = sw.Elapsed;
var minuteCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
var minuteBytes = FileSize(file) - sizeBefore;
sizeBefore = FileSize(file);
sw.Restart();
var hourRows = await rollups.RollUpAsync(RollupKind.Hour);
var hourTime = sw.Elapsed;
var hourBytes = FileSize(file) - sizeBefore;
Report($"roll-up job, 24 h x {servers} servers: minutes {minuteRows:N0} rows in {minuteTime.TotalSeconds:0.0} s ({minuteCpu.TotalSeconds:0.0} s CPU); hours {hourRows:N0} rows in {hourTime.TotalSeconds:0.0} s");
sw.Restart();
await rollups.RollUpAsync(RollupKind.Minute);
Report($"roll-up job, steady state (one more minute, {servers} servers): {sw.Elapsed.TotalMilliseconds:0} ms");
var bytesPerMinuteRow = minuteBytes / (double)minuteRows;
var bytesPerHourRow = hourBytes / (double)hourRows;
Report($"roll-up rows on disk: {bytesPerMinuteRow:0.0} bytes per minute row, {bytesPerHourRow:0.0} bytes per hour row");

// 3. Bytes per server per day and the steady state with default retention (raw 48 h, minutes 30 d, hours 400 d).
var rawPerSample = rawBytes / (double)total;
var perServerDay = perDay * rawPerSample + 1440 * bytesPerMinuteRow + 24 * bytesPerHourRow;
var steady = perDay * 2 * rawPerSample + 1440 * 30 * bytesPerMinuteRow + 24 * 400 * bytesPerHourRow;
Report($"bytes per server per day written: {perServerDay / 1024:N0} KiB (raw {perDay * rawPerSample / 1024:N0} KiB, minutes {1440 * bytesPerMinuteRow / 1024:N0} KiB, hours {24 * bytesPerHourRow / 1024:N1} KiB)");
Report($"steady state per server after a year (default retention): {steady / 1048576:0.00} MiB; {servers} servers: {steady * servers / 1073741824:0.00} GiB");

// 4. A 30-day chart: fill 30 days of hour roll-ups for the fleet, then query one server (median of 21 runs).
await using (var c = await database.OpenAsync())
{
    using var tx = c.BeginTransaction();
    using var fill = c.CreateCommand();
    fill.Transaction = tx;
    fill.CommandText = "INSERT OR IGNORE INTO HourRollups (ServerId, Bucket, Count, Failures, MinMs, AvgMs, MaxMs, P50Ms, P95Ms) VALUES ($id, $start, 360, 1, 15, 35, 340, 33, 310)";
    var id = fill.AddParameter("$id", 0);
    var at = fill.AddParameter("$start", 0L);
    fill.Prepare();
    for (var s = 1; s <= servers; s++)
    {
        for (var h = 24; h < 30 * 24; h++)
        {
            id.Value = s;
            at.Value = RollupKind.Hour.NumberOf(now.AddHours(-h).UtcTicks);
            fill.ExecuteNonQuery();
        }
    }

    tx.Commit();
}

var service = new ServerMetricsService(database, clock, Options.Create(new MetricsOptions()));
var month = Median(21, () => service.GetAsync(servers / 2, MetricsRange.Month));
var day = Median(21, () => service.GetAsync(servers / 2, MetricsRange.Day));
var year = Median(21, () => service.GetAsync(servers / 2, MetricsRange.Year));
Report($"chart query for one server (series + objective + incidents), median of 21: 30 d {month:0.0} ms, 24 h {day:0.0} ms, 1 y {year:0.0} ms");

// 5. The overview with the whole fleet, rendered to HTML on the server (data + markup), median of 11.
var services = new ServiceCollection();
services.AddLogging();
services.AddMudServices();
services.AddSingleton<Microsoft.JSInterop.IJSRuntime, NoBrowser>();
services.AddSingleton<Microsoft.AspNetCore.Components.NavigationManager, BenchNavigation>();
services.AddSingleton<TimeProvider>(clock);
services.AddSingleton(new FleetOverviewService(database, clock));
services.AddSingleton(new FleetNotifier(NullLogger<FleetNotifier>.Instance));
services.AddDbContextFactory<ConsoleDbContext>(o => o.UseSqlite(cs));
services.AddOptions<ScaleOutOptions>();
services.AddSingleton<ProbeOwnership>();
services.AddSingleton<InstancesView>();
await using var provider = services.BuildServiceProvider();
await using var renderer = new HtmlRenderer(provider, provider.GetRequiredService<ILoggerFactory>());
var overviewService = provider.GetRequiredService<FleetOverviewService>();
var overviewData = Median(11, () => overviewService.GetAsync());
var htmlLength = 0;
cpu = Process.GetCurrentProcess().TotalProcessorTime;
var overview = Median(11, async () =>
{
    var html = await renderer.Dispatcher.InvokeAsync(async () => (await renderer.RenderComponentAsync<OverviewPage>()).ToHtmlString());
    htmlLength = html.Length;
    return html;
});
var overviewCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / 11;
Report($"overview render with {servers} servers: {overview:0.0} ms median wall, {overviewCpu:0.0} ms CPU per render (mean of 11), of which the data query {overviewData:0.0} ms ({htmlLength / 1024:N0} KiB of HTML)");
Report($"database file after the run: {FileSize(file) / 1048576.0:0} MiB");

SqliteConnection.ClearAllPools();
Directory.Delete(dir, recursive: true);
File.WriteAllLines(Path.Combine(AppContext.BaseDirectory, "metrics-bench-result.txt"), report);

static double Median<T>(int runs, Func<Task<T>> action)
{
    var times = new List<double>();
    for (var i = 0; i < runs; i++)
    {
        var sw = Stopwatch.StartNew();
        action().GetAwaiter().GetResult();
        times.Add(sw.Elapsed.TotalMilliseconds);
    }

    times.Sort();
    return times[runs / 2];
}

static long FileSize(string db)
{
    // Checkpoint so the WAL is in the main file before measuring.
    using (var c = new SqliteConnection($"Data Source={db}"))
    {
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
        cmd.ExecuteNonQuery();
    }

    return new FileInfo(db).Length;
}

static string Cpu() => File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim() ?? "unknown CPU";

internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

internal sealed class NoBrowser : Microsoft.JSInterop.IJSRuntime
{
    public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) => ValueTask.FromResult(default(TValue)!);

    public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args) => ValueTask.FromResult(default(TValue)!);
}

internal sealed class BenchNavigation : Microsoft.AspNetCore.Components.NavigationManager
{
    public BenchNavigation() => Initialize("http://127.0.0.1/", "http://127.0.0.1/");
}
