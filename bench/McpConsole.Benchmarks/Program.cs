using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using McpConsole.Core.Fleet;
using McpConsole.Core.Health;
using McpConsole.Web.Features.Fleet;
using McpConsole.Web.Features.Probing;
using McpConsole.Web.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

// Probe throughput of the probing path (ladder, session cache, stdio supervisor) at a 10 s interval with jitter and
// bounded concurrency, as the scheduler runs it. The sample servers are child processes: their CPU is not counted.
var httpProcesses = Arg("--http-processes", 4);
var httpRegistrations = Arg("--http-servers", 1000);
var stdioServers = Arg("--stdio-servers", 100);
var measureSeconds = Arg("--seconds", 30);
var stdioStartBudget = TimeSpan.FromSeconds(Arg("--stdio-start-seconds", 90));
var interval = TimeSpan.FromSeconds(10);
var dll = Path.Combine(AppContext.BaseDirectory, "McpConsole.SampleServer.dll");
var children = new List<Process>();
var data = DataDirectory.Acquire(Path.Combine(Path.GetTempPath(), "mcpconsole-bench", Guid.NewGuid().ToString("N")[..8]));
var supervisor = new StdioSupervisor(new StdioPidFile(data), TimeProvider.System,
    Options.Create(new ProbingOptions { StdioShutdownTimeout = TimeSpan.FromSeconds(1) }), NullLogger<StdioSupervisor>.Instance);
var sessions = new HttpSessions();
var ladder = new ProbeLadder(supervisor, sessions, NullLogger<ProbeLadder>.Instance);
var rows = new List<string>();
var pressureBefore = CpuPressure();
try
{
    Console.WriteLine($"starting {httpProcesses} sample-server HTTP processes");
    var urls = await Task.WhenAll(Enumerable.Range(0, httpProcesses).Select(StartHttpAsync));
    var httpTargets = Enumerable.Range(0, httpRegistrations)
        .Select(i => Target(i + 1, new ServerDefinition { Name = $"http-{i}", Transport = ServerTransport.StreamableHttp, Url = $"{urls[i % urls.Length]}mcp?r={i}", TimeoutSeconds = 5 }))
        .ToList();
    rows.Add(await RunAsync($"{httpRegistrations} HTTP (Streamable HTTP, {httpProcesses} processes)", httpTargets));
    await sessions.DisposeAsync();

    Console.WriteLine($"starting {stdioServers} stdio sample servers");
    var stdioTargets = Enumerable.Range(0, stdioServers)
        .Select(i => Target(100_000 + i, new ServerDefinition { Name = $"stdio-{i}", Command = "dotnet", Arguments = [dll, "--stdio", "--name", $"bench-stdio-{i}"], TimeoutSeconds = 30 }))
        .ToList();
    // Start them two at a time (each is a .NET process: ~1 s of CPU to start), within a bounded budget.
    var started = Stopwatch.StartNew();
    var up = new List<ProbeTarget>();
    using (var gate = new SemaphoreSlim(2))
    {
        await Task.WhenAll(stdioTargets.Select(async t =>
        {
            await gate.WaitAsync();
            try
            {
                if (started.Elapsed < stdioStartBudget)
                {
                    var outcome = await ladder.ProbeAsync(t, CancellationToken.None);
                    lock (up)
                    {
                        if (outcome.Succeeded) up.Add(t);
                        else if (up.Count == 0) Console.WriteLine($"  {t.Definition.Name}: {outcome.Result.Failure?.Describe()}");
                    }
                }
            }
            finally { gate.Release(); }
        }));
    }

    Console.WriteLine($"  {up.Count} of {stdioServers} stdio processes up in {started.Elapsed.TotalSeconds:0.0} s");
    var saved = measureSeconds;
    measureSeconds = Math.Min(measureSeconds, 20);
    rows.Add(await RunAsync($"{up.Count} stdio (one process each, started in {started.Elapsed.TotalSeconds:0} s)", up, warm: false));
    measureSeconds = saved;
}
finally
{
    await supervisor.DisposeAsync();
    foreach (var child in children)
    {
        try { child.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        await child.WaitForExitAsync();
    }

    data.Dispose();
}

var cpuModel = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
var report = new StringBuilder()
    .AppendLine("# Probing benchmark")
    .AppendLine()
    .AppendLine($"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC with `dotnet run -c Release --project bench/McpConsole.Benchmarks`.")
    .AppendLine($"Machine: {Environment.ProcessorCount} cores (nproc), CPU \"{cpuModel}\", {Environment.OSVersion}, .NET {Environment.Version}.")
    .AppendLine($"Each server probed every {interval.TotalSeconds:0} s (±10 % jitter), at most 32 probes in flight, {measureSeconds} s measured after one warm-up interval.")
    .AppendLine("CPU is the benchmark process only (the probing path); the sample servers run in child processes and are not counted.")
    .AppendLine("A probe = the full ladder on a cached client: liveness (tools/list on 2026-07-28, ping on older), the tool list and its hash,")
    .AppendLine("the health://status resource; resource/prompt counts are re-listed once a minute. Sample servers: `--http-processes` processes, registrations spread over them.")
    .AppendLine()
    .AppendLine($"Machine load: CPU pressure (PSI some avg60) {pressureBefore} before, {CpuPressure()} after; load average {File.ReadAllText("/proc/loadavg").Trim()}.")
    .AppendLine("Under contention from other processes the servers answer late, so probes/s falls below the target; CPU ms per probe")
    .AppendLine("(CPU of the probing process / probes completed) is the figure that carries over, and the last column projects it to 100 probes/s.")
    .AppendLine()
    .AppendLine("| fleet | probes/s | failures | p50 ms | p95 ms | CPU of one core | CPU ms/probe | projected at 100 probes/s |")
    .AppendLine("|---|---|---|---|---|---|---|---|");
rows.ForEach(r => report.AppendLine(r));
Console.WriteLine(report);
var docs = FindUp("docs");
File.WriteAllText(Path.Combine(docs, "benchmarks", "probing.md"), report.ToString());
return;

async Task<string> RunAsync(string label, List<ProbeTarget> targets, bool warm = true)
{
    using var gate = new SemaphoreSlim(32);
    using var stop = new CancellationTokenSource();
    var latencies = new List<double>();
    var failures = 0;
    var counting = false;
    var loops = targets.Select(async t =>
    {
        await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * interval.TotalMilliseconds), stop.Token).ContinueWith(_ => { });
        while (!stop.IsCancellationRequested)
        {
            var next = DateTime.UtcNow + interval * (0.9 + (Random.Shared.NextDouble() * 0.2));
            await gate.WaitAsync();
            try
            {
                var outcome = await ladder.ProbeAsync(t, CancellationToken.None);
                if (Volatile.Read(ref counting))
                {
                    lock (latencies)
                    {
                        latencies.Add(outcome.Result.Latency.TotalMilliseconds);
                        if (!outcome.Succeeded) failures++;
                    }
                }
            }
            finally
            {
                gate.Release();
            }

            var wait = next - DateTime.UtcNow;
            if (wait > TimeSpan.Zero) await Task.Delay(wait, stop.Token).ContinueWith(_ => { });
        }
    }).ToList();

    if (warm)
    {
        await Task.Delay(interval + TimeSpan.FromSeconds(2));
    }

    var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    Volatile.Write(ref counting, true);
    await Task.Delay(TimeSpan.FromSeconds(measureSeconds));
    Volatile.Write(ref counting, false);
    var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu0;
    var elapsed = clock.Elapsed;
    stop.Cancel();
    await Task.WhenAll(loops);
    latencies.Sort();
    var rate = latencies.Count / elapsed.TotalSeconds;
    var share = cpu.TotalSeconds / elapsed.TotalSeconds;
    var perProbe = latencies.Count == 0 ? 0 : cpu.TotalMilliseconds / latencies.Count;
    var row = string.Create(CultureInfo.InvariantCulture,
        $"| {label} | {rate:0.0} | {failures} | {Pct(latencies, 0.5):0.0} | {Pct(latencies, 0.95):0.0} | {share:P1} | {perProbe:0.00} | {perProbe * 100 / 1000:P1} |");
    Console.WriteLine(row);
    return row;
}

static string CpuPressure()
{
    try { return File.ReadLines("/proc/pressure/cpu").First().Split(' ')[2].Split('=')[1] + " %"; }
    catch (IOException) { return "n/a"; }
}

static double Pct(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * p))];

static ProbeTarget Target(int id, ServerDefinition d) => new(id, d with { ProbeIntervalSeconds = 10 }, 2000, false);

async Task<string> StartHttpAsync(int i)
{
    var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
    // --parent-pid: the server exits when the benchmark does, even if it is killed before its cleanup runs.
    foreach (var a in new[] { dll, "--port", "0", "--name", $"bench-http-{i}", "--parent-pid", Environment.ProcessId.ToString(CultureInfo.InvariantCulture) }) psi.ArgumentList.Add(a);
    psi.Environment["Logging__LogLevel__Default"] = "Warning";
    psi.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
    var p = Process.Start(psi)!;
    lock (children) children.Add(p);
    var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
    p.OutputDataReceived += (_, e) =>
    {
        if (e.Data is { } line && Regex.Match(line, @"Now listening on: (http://127\.0\.0\.1:\d+)") is { Success: true } m) ready.TrySetResult(m.Groups[1].Value + "/");
    };
    p.ErrorDataReceived += (_, _) => { };
    p.BeginOutputReadLine();
    p.BeginErrorReadLine();
    return await ready.Task.WaitAsync(TimeSpan.FromSeconds(120));
}

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

static string FindUp(string name)
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (Directory.Exists(Path.Combine(dir.FullName, name)) && File.Exists(Path.Combine(dir.FullName, "McpConsole.sln"))) return Path.Combine(dir.FullName, name);
    }

    throw new DirectoryNotFoundException(name);
}
