using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Net.Http.Json;
using System.Text;
using McpConsole.TestSupport;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

// Usage: dotnet run -c Release --project bench/McpConsole.Bench.Console [servers=1000] [processes=4] [seconds=30]
// The whole console in this process (ConsoleAppFactory: real SQLite, Hangfire, scheduler, result writer, live feed,
// cost sampler) keeping N Streamable HTTP registrations on a 10 s interval, spread over real sample-server processes.
// CPU is this process only (the console); the sample servers are children and not counted.
var servers = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
var processes = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 4;
var seconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 30;
const int interval = 10;
Directory.SetCurrentDirectory(AppContext.BaseDirectory);

var samples = new List<SampleServerChild>();
try
{
    for (var i = 0; i < processes; i++)
        samples.Add(await SampleServerChild.StartAsync($"bench-console-{i}", "primary"));
    await using var console = new ConsoleAppFactory();
    using var api = console.CreateClient();
    api.DefaultRequestHeaders.Add("X-Api-Key", ConsoleAppFactory.BootstrapKey);
    var registering = Stopwatch.StartNew();
    using (var gate = new SemaphoreSlim(8))
    {
        await Task.WhenAll(Enumerable.Range(0, servers).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var url = $"{samples[i % processes].McpUrl}?r={i}";
                (await api.PostAsJsonAsync("/api/servers", new { name = $"fleet-{i}", transport = "StreamableHttp", url, probeIntervalSeconds = interval, timeoutSeconds = 5 })).EnsureSuccessStatusCode();
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    var registered = registering.Elapsed.TotalSeconds;
    Console.WriteLine($"{servers} servers registered in {registered:0.0} s; warming up one interval");
    await Task.Delay(TimeSpan.FromSeconds(interval * 1.5));

    var db = console.Services.GetRequiredService<IDbContextFactory<ConsoleDbContext>>();
    var load0 = LoadAverage();
    // Window "early" is the previous definition (1.5 intervals after registration): on a loaded machine it still holds
    // the end of the first round (handshakes, first results) and, above all, the JIT recompiling hot code at tier 1
    // (the ".NET Tiered Compilation" thread took ~38 % of the console's CPU there in a perf profile). Window "settled"
    // starts once the JIT spent under 1 % of the wall time over 10 s (at most 5 minutes on): what a running console costs.
    var early = await MeasureAsync(db, seconds);
    var settling = Stopwatch.StartNew();
    while (settling.Elapsed < TimeSpan.FromMinutes(5))
    {
        var jit0 = JitInfo.GetCompilationTime();
        await Task.Delay(TimeSpan.FromSeconds(10));
        if ((JitInfo.GetCompilationTime() - jit0).TotalMilliseconds < 100)
            break;
    }

    var settledAfter = registering.Elapsed - TimeSpan.FromSeconds(registered);
    var steady = await MeasureAsync(db, seconds);

    var report = new StringBuilder()
        .AppendLine("# The whole console keeping a fleet (bench/McpConsole.Bench.Console)")
        .AppendLine()
        .AppendLine(CultureInfo.InvariantCulture, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC: `dotnet run -c Release --project bench/McpConsole.Bench.Console -- {servers} {processes} {seconds}`.")
        .AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores (nproc), {CpuModel()}; load average (1 min) {load0:0.00} at the start, {LoadAverage():0.00} at the end.")
        .AppendLine("One console process (SQLite, Hangfire, scheduler, batched result writer, live feed, cost sampler scraping each")
        .AppendLine(CultureInfo.InvariantCulture, $"server's /metrics) with {servers} Streamable HTTP registrations at {interval} s over {processes} sample-server processes;")
        .AppendLine("probes counted as stored rows in ProbeSamples; CPU is the console process only (its share of one core, and per stored probe);")
        .AppendLine("JIT is the wall time the runtime spent compiling in the window (JitInfo); on a loaded machine it includes waiting for a core.")
        .AppendLine(CultureInfo.InvariantCulture, $"\"early\" starts {interval * 1.5:0} s after registration (the previous definition of this benchmark): the end of the first round")
        .AppendLine(CultureInfo.InvariantCulture, $"and the JIT's tier-1 recompilation still run then. \"settled\" started {settledAfter.TotalSeconds:0} s after registration, once the JIT")
        .AppendLine("spent under 1 % of the wall time over 10 s: what a console that has been running for a few minutes costs.")
        .AppendLine()
        .AppendLine("| servers | window | probes/s (due) | failed | console CPU, share of one core | JIT wall time, share of the window | CPU ms per probe |")
        .AppendLine("|---|---|---|---|---|---|---|")
        .AppendLine(Row("early", early))
        .AppendLine(Row("settled", steady))
        .ToString();
    Console.WriteLine(report);
    await File.WriteAllTextAsync(Path.Combine(RepositoryRoot(), "docs", "benchmarks", "console.md"), report);
}
finally
{
    foreach (var sample in samples)
        await sample.DisposeAsync();
}

string Row(string window, Window w) => string.Create(CultureInfo.InvariantCulture,
    $"| {servers} | {window} | {w.Probes / w.Seconds:0.0} ({servers / (double)interval:0}) | {w.Failed} | {w.CpuSeconds / w.Seconds * 100:0.0} % | {w.JitSeconds / w.Seconds * 100:0.0} % | {w.CpuSeconds * 1000 / Math.Max(1, w.Probes):0.00} |");

static async Task<Window> MeasureAsync(IDbContextFactory<ConsoleDbContext> db, int seconds)
{
    var self = Process.GetCurrentProcess();
    var (count0, failed0) = await CountAsync(db);
    self.Refresh();
    var cpu0 = self.TotalProcessorTime;
    var jit0 = JitInfo.GetCompilationTime();
    var wall = Stopwatch.StartNew();
    await Task.Delay(TimeSpan.FromSeconds(seconds));
    self.Refresh();
    var cpu = (self.TotalProcessorTime - cpu0).TotalSeconds;
    var elapsed = wall.Elapsed.TotalSeconds;
    var (count1, failed1) = await CountAsync(db);
    return new Window(count1 - count0, failed1 - failed0, cpu, elapsed, (JitInfo.GetCompilationTime() - jit0).TotalSeconds);
}

static async Task<(long Count, long Failed)> CountAsync(IDbContextFactory<ConsoleDbContext> factory)
{
    await using var db = await factory.CreateDbContextAsync();
    return (await db.ProbeSamples.LongCountAsync(), await db.ProbeSamples.LongCountAsync(s => !s.Succeeded));
}

static double LoadAverage() => double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);

static string CpuModel() =>
    File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";

static string RepositoryRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "McpConsole.sln")))
        dir = dir.Parent;
    return dir?.FullName ?? throw new InvalidOperationException("run from inside the repository");
}

internal sealed record Window(long Probes, long Failed, double CpuSeconds, double Seconds, double JitSeconds);
