using System.Diagnostics;
using McpConsole.Core.Health;
using McpConsole.Web.Features.Probing;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

/// <summary>
/// Probe results per second through <see cref="ProbeResultWriter"/> itself (sample, status upsert and, for one result in
/// 100, a state event per row, in its batches): the whole queue is filled first, then the writer is started and timed
/// until it has written everything.
/// </summary>
internal static class WriterThroughput
{
    public static async Task RunAsync(string connectionString, int servers, int results, DateTimeOffset now, Action<string> report)
    {
        // Everything is queued before the writer starts: the buffer must hold it all (the console's default drops the oldest beyond 20,000).
        var options = Options.Create(new ProbingOptions { WriteBufferCapacity = Math.Max(10, results) });
        var writer = new ProbeResultWriter(ConsoleDatabase.Sqlite(connectionString), options, TimeProvider.System, NullLogger<ProbeResultWriter>.Instance);
        var steps = new Dictionary<string, double> { ["transport"] = 0.2, ["liveness"] = 3.1, ["catalog"] = 1.4, ["healthResource"] = 0.9 };
        for (var i = 0; i < results; i++)
        {
            var at = now.AddSeconds(-results + i);
            var server = 1 + (i % servers);
            var outcome = new ProbeOutcome(ProbeResult.Success(TimeSpan.FromMilliseconds(5 + i % 40))) { Steps = steps, ToolCount = 12, ProtocolVersion = "2025-11-25" };
            var status = new HealthStatus(HealthState.Healthy, "ok", at.AddHours(-1), 0, 3, at, TimeSpan.FromMilliseconds(5), null);
            var transition = i % 100 == 0 ? new StateTransition(HealthState.Degraded, HealthState.Healthy, "recovered", at) : null;
            writer.Enqueue(new ProbeRecord(server, at, outcome, status, transition, at.AddSeconds(10), null));
        }

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        await writer.StartAsync(CancellationToken.None);
        while (writer.Written < results)
        {
            await Task.Delay(5);
        }

        sw.Stop();
        var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        await writer.StopAsync(CancellationToken.None);
        report($"probe writer: {results:N0} results ({servers:N0} servers) in {sw.Elapsed.TotalSeconds:0.00} s = {results / sw.Elapsed.TotalSeconds:N0} results/s wall, {results / cpuUsed.TotalSeconds:N0} per CPU-second");
    }
}
