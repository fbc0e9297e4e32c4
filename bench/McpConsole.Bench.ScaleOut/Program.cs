using System.Globalization;
using System.Net.Http.Json;
using McpConsole.Bench.ScaleOut;
using McpConsole.TestSupport;
using Npgsql;

// Usage: dotnet run -c Release --project bench/McpConsole.Bench.ScaleOut [servers=200] [intervalSeconds=10] [kills=3]
// A throwaway PostgreSQL cluster, four real sample MCP servers (child processes) and the console as separate processes
// with the default heartbeat (2 s) and lease (8 s). The fleet is `servers` HTTP registrations spread over the sample
// servers. Probes per second come from the shared ProbeSamples table, CPU from each console process's own counters.
var servers = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
var interval = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
var kills = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
const int SampleServers = 4, Windows = 3;
var window = TimeSpan.FromSeconds(30);
var lease = TimeSpan.FromSeconds(8);
var started = DateTimeOffset.UtcNow;
var loadAtStart = Machine.LoadAverage();

await using var postgres = new Postgres();
await postgres.StartAsync();
var database = postgres.ConnectionString("console");
var samples = new List<SampleServerChild>();
for (var i = 0; i < SampleServers; i++)
    samples.Add(await SampleServerChild.StartAsync($"scale-{i}", "primary"));

var a = await ConsoleInstance.StartAsync("instance-a", database);
ConsoleInstance? b = null;
try
{
    var ids = new Dictionary<string, int>();
    for (var i = 0; i < servers; i++)
    {
        var response = await a.Api.PostAsJsonAsync("/api/servers", new
        {
            name = $"fleet-{i:000}", transport = "StreamableHttp", url = samples[i % SampleServers].McpUrl, timeoutSeconds = 5, probeIntervalSeconds = interval,
        });
        response.EnsureSuccessStatusCode();
        ids[$"fleet-{i:000}"] = (await response.Content.ReadFromJsonAsync<IdDto>())!.Id;
    }
    Console.WriteLine($"{servers} servers registered on {SampleServers} sample servers, interval {interval} s");

    await WaitForSplitAsync(a.Api, 1);
    await Task.Delay(TimeSpan.FromSeconds(interval * 2));
    var one = new List<Window>();
    for (var w = 0; w < Windows; w++)
        one.Add(await MeasureAsync([a]));

    b = await ConsoleInstance.StartAsync("instance-b", database);
    await WaitForSplitAsync(a.Api, 2);
    await Task.Delay(TimeSpan.FromSeconds(interval * 2));
    var two = new List<Window>();
    for (var w = 0; w < Windows; w++)
        two.Add(await MeasureAsync([a, b]));

    var random = new Random(10);
    var takeovers = new List<Takeover>();
    for (var k = 1; k <= kills; k++)
    {
        if (k > 1)
        {
            b = await ConsoleInstance.StartAsync("instance-b", database);
            await WaitForSplitAsync(a.Api, 2);
            await Task.Delay(TimeSpan.FromSeconds(interval * 2));
        }
        await Task.Delay(TimeSpan.FromMilliseconds(random.Next(interval * 1000)));
        var victims = (await InstancesAsync(a.Api)).Single(i => i.InstanceId == b!.Name).Servers.Select(n => ids[n]).ToHashSet();
        var load = Machine.LoadAverage();
        var killedAt = DateTimeOffset.UtcNow;
        b!.Kill();
        var first = new Dictionary<int, DateTimeOffset>();
        TimeSpan? allLeases = null;
        while (first.Count < victims.Count && DateTimeOffset.UtcNow - killedAt < TimeSpan.FromSeconds(120))
        {
            foreach (var (id, at) in await SamplesAsync(killedAt, DateTimeOffset.MaxValue))
                if (victims.Contains(id))
                    first.TryAdd(id, at);
            if (allLeases is null && (await InstancesAsync(a.Api)).Single(i => i.InstanceId == a.Name).Servers.Count == servers)
                allLeases = DateTimeOffset.UtcNow - killedAt;
            await Task.Delay(100);
        }
        var times = first.Values.Select(t => t - killedAt).Order().ToList();
        var takeover = new Takeover(k, victims.Count, first.Count, times.Count > 0 ? times[times.Count / 2] : null, times.Count > 0 ? times[^1] : null, allLeases, load);
        takeovers.Add(takeover);
        Console.WriteLine(takeover.Describe());
        await b.DisposeAsync();
        b = null;
    }

    var report = Report.Markdown(servers, SampleServers, interval, lease, window, one, two, takeovers, started, loadAtStart, Machine.LoadAverage());
    Console.WriteLine(report);
    var path = Path.Combine(Machine.RepositoryRoot(), "docs", "benchmarks", "scaleout.md");
    await File.WriteAllTextAsync(path, report);
    Console.WriteLine($"written to {path}");
    return takeovers.All(t => t.Last is { } l && l <= lease + TimeSpan.FromSeconds(interval)) ? 0 : 1;

    async Task<Window> MeasureAsync(IReadOnlyList<ConsoleInstance> instances)
    {
        var owners = (await InstancesAsync(a.Api)).ToDictionary(i => i.InstanceId, i => i.Servers.Select(n => ids[n]).ToHashSet());
        var cpuBefore = instances.Select(i => i.Cpu).ToList();
        var load = Machine.LoadAverage();
        var from = DateTimeOffset.UtcNow;
        await Task.Delay(window);
        var to = DateTimeOffset.UtcNow;
        var cpu = instances.Select((i, n) => i.Cpu - cpuBefore[n]).ToList();
        var rows = await SamplesAsync(from, to);
        var seconds = (to - from).TotalSeconds;
        var perInstance = instances.Select((i, n) => new InstanceWindow(i.Name, rows.Count(r => owners.GetValueOrDefault(i.Name)?.Contains(r.ServerId) == true) / seconds,
            cpu[n].TotalSeconds / seconds * 60)).ToList();
        var result = new Window(rows.Count / seconds, perInstance, (load + Machine.LoadAverage()) / 2);
        Console.WriteLine(result.Describe());
        return result;
    }

    async Task<List<(int ServerId, DateTimeOffset At)>> SamplesAsync(DateTimeOffset from, DateTimeOffset to)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""SELECT "ServerId", "At" FROM "ProbeSamples" WHERE "At" >= @from AND "At" < @to ORDER BY "At" """, connection);
        command.Parameters.AddWithValue("from", from.UtcTicks);
        command.Parameters.AddWithValue("to", to == DateTimeOffset.MaxValue ? long.MaxValue : to.UtcTicks);
        await using var reader = await command.ExecuteReaderAsync();
        var list = new List<(int, DateTimeOffset)>();
        while (await reader.ReadAsync())
            list.Add((reader.GetInt32(0), new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero)));
        return list;
    }

    async Task WaitForSplitAsync(HttpClient api, int count)
    {
        var deadline = DateTimeOffset.UtcNow.AddMinutes(2);
        while (true)
        {
            var instances = (await InstancesAsync(api)).Where(i => i.Live).ToList();
            if (instances.Count == count && instances.All(i => i.Servers.Count > 0) && instances.Sum(i => i.Servers.Count) == servers)
                return;
            if (DateTimeOffset.UtcNow > deadline)
                throw new InvalidOperationException($"the fleet was not split over {count} instance(s) within 2 minutes");
            await Task.Delay(500);
        }
    }
}
finally
{
    if (b is not null)
        await b.DisposeAsync();
    await a.DisposeAsync();
    foreach (var sample in samples)
        await sample.DisposeAsync();
}

static async Task<List<InstanceDto>> InstancesAsync(HttpClient api) => (await api.GetFromJsonAsync<List<InstanceDto>>("/api/instances"))!;

internal sealed record IdDto(int Id);

internal sealed record InstanceDto(string InstanceId, bool Live, List<string> Servers);
