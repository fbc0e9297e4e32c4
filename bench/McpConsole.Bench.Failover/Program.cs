using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using McpConsole.Bench.Failover;
using McpConsole.TestSupport;

// Usage: dotnet run -c Release --project bench/McpConsole.Bench.Failover [kills=20] [intervalSeconds=10] [failures=3]
// The real console (ConsoleAppFactory: real SQLite, the real Hangfire job) and, per kill, a fresh pair of real sample
// servers (child processes) in a new failover group. The primary is SIGKILLed at a random phase of the check interval.
var kills = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
var interval = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
var failures = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
// WebApplicationFactory finds the console's content root through MvcTestingAppManifest.json in the current directory.
Directory.SetCurrentDirectory(AppContext.BaseDirectory);
var bound = TimeSpan.FromSeconds(interval * failures + 5);
var random = new Random(6);
var loadAtStart = Machine.LoadAverage();
var started = DateTimeOffset.UtcNow;

await using var console = new ConsoleAppFactory();
using var api = console.CreateClient();
api.DefaultRequestHeaders.Add("X-Api-Key", ConsoleAppFactory.BootstrapKey);
var runs = new List<KillRun>();
for (var i = 1; i <= kills; i++)
{
    var run = await KillOnceAsync(i);
    runs.Add(run);
    Console.WriteLine(run.Describe());
}

var report = Report.Markdown(runs, interval, failures, bound, started, loadAtStart, Machine.LoadAverage());
Console.WriteLine(report);
var path = Path.Combine(Machine.RepositoryRoot(), "docs", "benchmarks", "failover.md");
await File.WriteAllTextAsync(path, report);
Console.WriteLine($"written to {path}");
return runs.All(r => r.Promoted is { } p && p <= bound) ? 0 : 1;

async Task<KillRun> KillOnceAsync(int n)
{
    await using var primary = await SampleServerChild.StartAsync($"bench-p-{n}", "primary");
    await using var standby = await SampleServerChild.StartAsync($"bench-s-{n}", "standby");
    var group = await Api.CreatePairAsync(api, $"bench-{n}", primary, standby, interval, failures);
    if (!await Api.WaitAsync(async () => (await Api.GroupAsync(api, group.Id)).Members.All(m => m.Healthy), TimeSpan.FromSeconds(60)))
        throw new InvalidOperationException($"kill {n}: the pair never became healthy");

    // Checks run every interval from the group's creation: a random wait samples every phase of the interval.
    var phase = TimeSpan.FromMilliseconds(random.Next(interval * 1000));
    await Task.Delay(phase);
    var load = Machine.LoadAverage();
    var killedAt = DateTimeOffset.UtcNow;
    var watch = Stopwatch.StartNew();
    await primary.KillAsync();

    var deadline = bound + TimeSpan.FromSeconds(30);
    var promoted = Api.TimeUntilAsync(watch, async () => (await standby.GetRoleAsync())?.Role == "primary", deadline);
    var published = Api.TimeUntilAsync(watch, async () => (await Api.GroupAsync(api, group.Id)).Active?.Id == group.StandbyId, deadline);
    await Task.WhenAll(promoted, published);

    var events = await Api.EventsAsync(api, group.Id);
    var firstFailed = events.Where(e => e.Kind == "Suspect" && e.At >= killedAt).Select(e => e.At - killedAt).DefaultIfEmpty(TimeSpan.MinValue).Min();
    await Api.RemoveAsync(api, group);
    return new KillRun(n, phase, load, firstFailed == TimeSpan.MinValue ? null : firstFailed, await promoted, await published);
}
