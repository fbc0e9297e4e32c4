using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using McpConsole.Core.Health;
using McpConsole.TestSupport;
using McpConsole.Web.Features.Probing;
using Microsoft.Extensions.DependencyInjection;

// Usage: dotnet run -c Release --project bench/McpConsole.Bench.DownTime [kills=8] [intervalSeconds=5] [timeoutSeconds=2]
// The real console (ConsoleAppFactory: real SQLite, real scheduler) and, per kill, a real sample server registered over
// the API. The server is SIGKILLed at a random phase of its probe interval; the clock stops when the Down state reaches
// the feed that redraws the servers list and the overview (FleetNotifier; the page applies it within 100 ms).
var kills = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 8;
var interval = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
var timeout = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2;
const int threshold = 3;
var bound = TimeSpan.FromSeconds(interval * threshold + timeout + 2);
Directory.SetCurrentDirectory(AppContext.BaseDirectory);
var random = new Random(4);
var loadAtStart = LoadAverage();

await using var console = new ConsoleAppFactory();
using var api = console.CreateClient();
api.DefaultRequestHeaders.Add("X-Api-Key", ConsoleAppFactory.BootstrapKey);
var notifier = console.Services.GetRequiredService<FleetNotifier>();
var times = new List<TimeSpan>();
for (var n = 1; n <= kills; n++)
{
    await using var server = await SampleServerChild.StartAsync($"bench-down-{n}", "primary");
    var response = await api.PostAsJsonAsync("/api/servers", new
    {
        name = $"bench-down-{n}", transport = "StreamableHttp", url = server.McpUrl, probeIntervalSeconds = interval, timeoutSeconds = timeout,
    });
    response.EnsureSuccessStatusCode();
    var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

    var healthy = new TaskCompletionSource();
    var down = new TaskCompletionSource<DateTimeOffset>();
    using var subscription = notifier.Subscribe(change =>
    {
        if (change.ServerId == id && change.State == HealthState.Healthy)
            healthy.TrySetResult();
        if (change.ServerId == id && change.State == HealthState.Down)
            down.TrySetResult(DateTimeOffset.UtcNow);
        return Task.CompletedTask;
    });
    await healthy.Task.WaitAsync(TimeSpan.FromSeconds(60));
    await Task.Delay(random.Next(interval * 1000)); // every phase of the interval
    var watch = Stopwatch.StartNew();
    await server.KillAsync();
    await down.Task.WaitAsync(bound + TimeSpan.FromSeconds(60));
    times.Add(watch.Elapsed);
    Console.WriteLine($"kill {n}: Down after {watch.Elapsed.TotalSeconds:0.00} s (bound {bound.TotalSeconds:0} s), load {LoadAverage():0.00}");
    (await api.DeleteAsync($"/api/servers/{id}")).EnsureSuccessStatusCode();
}

var sorted = times.Order().ToList();
var median = sorted[sorted.Count / 2];
var report = new StringBuilder()
    .AppendLine("# Death to Down on the page (bench/McpConsole.Bench.DownTime)")
    .AppendLine()
    .AppendLine(CultureInfo.InvariantCulture, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC: `dotnet run -c Release --project bench/McpConsole.Bench.DownTime -- {kills} {interval} {timeout}`.")
    .AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores (nproc), {CpuModel()}; load average (1 min) {loadAtStart:0.00} at the start, {LoadAverage():0.00} at the end.")
    .AppendLine("A real sample server over Streamable HTTP, registered through the API, SIGKILLed at a random phase of its probe")
    .AppendLine("interval; the time is taken when the Down state reaches the live feed the servers list and overview redraw from")
    .AppendLine("(FleetNotifier; the page applies it within its 100 ms throttle).")
    .AppendLine()
    .AppendLine("| interval | timeout | threshold | bound (interval x threshold + timeout + 2 s) | median | max | all runs |")
    .AppendLine("|---|---|---|---|---|---|---|")
    .AppendLine(CultureInfo.InvariantCulture, $"| {interval} s | {timeout} s | {threshold} | {bound.TotalSeconds:0} s | {median.TotalSeconds:0.00} s | {sorted[^1].TotalSeconds:0.00} s | {string.Join(" ", times.Select(t => t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)))} s |")
    .ToString();
Console.WriteLine(report);
await File.WriteAllTextAsync(Path.Combine(RepositoryRoot(), "docs", "benchmarks", "downtime.md"), report);
return sorted[^1] <= bound ? 0 : 1;

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
