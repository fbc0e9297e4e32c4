using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using McpConsole.Core.Alerts;
using McpConsole.TestSupport;
using McpConsole.Web.Features.Alerts;
using McpConsole.Web.Features.Probing;
using McpConsole.Web.Features.SelfMonitoring;
using McpConsole.Web.Tests.Alerts;
using McpConsole.Web.Tests.Fleet;
using McpConsole.Web.Tests.ScaleOut;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static McpConsole.Web.Tests.Probing.ConsoleOnDatabase;

namespace McpConsole.Web.Tests.SelfMonitoring;

/// <summary>
/// Fault matrix, disk full while writing samples: the console's data directory is a small tmpfs that the test fills to
/// the last byte. The console keeps serving, reports the writer failing (banner, /metrics, a notice sent straight to the
/// channels since the database cannot store alerts), keeps at most its bounded buffer in memory and counts what it
/// drops, and writes again when space returns: every result is either in the database or counted as dropped.
/// </summary>
[Collection(SelfMonitoringCollection.Name)]
public sealed class DiskFullTests(ITestOutputHelper output)
{
    private const int Capacity = 10;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task DiskFullWhileWritingSamples_ConsoleServesAndAlerts_ResumesWhenSpaceReturns_LosingOnlyWhatItCounts()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var sample = await SampleServerChild.StartAsync(FleetApi.UniqueName("disk-full"), "primary");
        var factory = new ConsoleAppFactory
        {
            Settings = SelfMonitoringCollection.FastSettings(new()
            {
                ["McpConsole:Probing:WriteBufferCapacity"] = Capacity.ToString(),
                ["McpConsole:Probing:WriteRetryDelay"] = "00:00:00.2",
                ["McpConsole:SelfMonitoring:MinFreeDiskMb"] = "8",
            }),
        };
        using var disk = SmallFileSystem.MountOn(factory.DataDirectory, sizeMb: 64);
        try
        {
            await RunAsync(factory, disk, receiver, sample);
        }
        finally
        {
            await factory.DisposeAsync();
        }
    }

    private async Task RunAsync(ConsoleAppFactory factory, SmallFileSystem disk, WebhookReceiver receiver, SampleServerChild sample)
    {
        var admin = ScaleOutCluster.Api(factory);
        var writer = factory.Services.GetRequiredService<ProbeResultWriter>();
        var status = factory.Services.GetRequiredService<SelfStatus>();
        (await admin.PostAsJsonAsync("/api/alerts/channels", new ChannelInput("ops hook", ChannelKinds.Webhook, WebhookUrl: receiver.Url))).EnsureSuccessStatusCode();
        for (var i = 0; i < 5; i++)
        {
            var name = $"full-{i}";
            (await admin.PostAsJsonAsync("/api/servers", new { name = FleetApi.UniqueName(name), transport = "StreamableHttp", url = sample.McpUrl,
                timeoutSeconds = 5, probeIntervalSeconds = 5 })).EnsureSuccessStatusCode();
        }

        await WaitForAsync(() => Task.FromResult(writer.Written >= 6), Wait, "samples written before the fault");
        Assert.False(status.IsFailing(AlertKinds.ConsoleWriterFailing));

        var filled = Stopwatch.StartNew();
        await disk.FillAsync(Path.Combine(factory.DataDirectory, StorageDatabaseFile));
        output.WriteLine($"Disk full at {DateTimeOffset.UtcNow:HH:mm:ss}; load average {File.ReadAllText("/proc/loadavg").Trim()}");

        await WaitForAsync(() => Task.FromResult(status.IsFailing(AlertKinds.ConsoleWriterFailing)), Wait, "the writer-failing check");
        output.WriteLine($"Writer failing reported after {filled.Elapsed.TotalSeconds:0.0} s");

        // Still serving: liveness, the overview with its banner, /metrics with the self-metrics.
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/health")).StatusCode);
        var overview = await admin.GetStringAsync("/");
        Assert.Contains("The console itself needs attention", overview);
        Assert.Contains("Probe results cannot be stored", overview);
        var metrics = await admin.GetStringAsync("/metrics");
        Assert.Contains($"mcp_console_self_check_failing{{check=\"{AlertKinds.ConsoleWriterFailing}\"}} 1", metrics);
        Assert.Contains($"mcp_console_writer_buffer_capacity {Capacity}", metrics);

        // The database cannot store the alert: the notice goes straight to the channel.
        await WaitForAsync(() => Task.FromResult(Notices(receiver, AlertKinds.ConsoleWriterFailing, "firing").Any()), Wait, "a direct firing notice");
        output.WriteLine($"Direct notice received after {filled.Elapsed.TotalSeconds:0.0} s");

        // The buffer overflows: the oldest results are dropped and counted; memory stays bounded.
        await WaitForAsync(() => Task.FromResult(writer.Dropped > 0), Wait, "results dropped from the full buffer");
        Assert.InRange(writer.QueueDepth, 0, 2 * Capacity); // the buffer plus the one batch in hand (never more than the buffer)
        Assert.Matches(@"mcp_console_writer_dropped_total [1-9]", await admin.GetStringAsync("/metrics"));

        disk.Free();
        var freed = Stopwatch.StartNew();
        await WaitForAsync(() => Task.FromResult(writer.FailingSince is null && !status.IsFailing(AlertKinds.ConsoleWriterFailing)), Wait, "writes resuming");
        output.WriteLine($"Writing again {freed.Elapsed.TotalSeconds:0.0} s after space returned; {writer.Dropped} results dropped (buffer {Capacity}); load {File.ReadAllText("/proc/loadavg").Trim()}");
        await WaitForAsync(() => Task.FromResult(Notices(receiver, AlertKinds.ConsoleWriterFailing, "resolved").Any()), Wait, "a direct resolved notice");

        // Nothing lost silently: every result handed to the writer is stored, counted as dropped, or still waiting.
        var written = writer.Written;
        await WaitForAsync(async () => await SamplesAsync(factory) >= written + 4, Wait, "new samples after the fault");
        await factory.Services.GetRequiredService<ProbeScheduler>().StopAsync(CancellationToken.None);
        await WaitForAsync(() => Task.FromResult(writer.QueueDepth == 0), Wait, "the buffer drained");
        Assert.Equal(writer.Enqueued, writer.Written + writer.Dropped);
        Assert.Equal(writer.Written, await SamplesAsync(factory));
    }

    private const string StorageDatabaseFile = "console.db";

    private static IEnumerable<JsonElement> Notices(WebhookReceiver receiver, string kind, string state) =>
        receiver.Bodies.Where(b => b.TryGetProperty("kind", out var k) && k.GetString() == kind && b.GetProperty("status").GetString() == state);

    private static async Task<long> SamplesAsync(ConsoleAppFactory factory)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(factory.DataDirectory, StorageDatabaseFile)};Pooling=false;Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT COUNT(*) FROM "ProbeSamples";""";
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    /// <summary>A tmpfs of a few MB mounted on a directory (needs root, as on the CI machines), filled to the last byte on demand.</summary>
    private sealed class SmallFileSystem : IDisposable
    {
        private readonly string _path;
        private string? _filler;

        private SmallFileSystem(string path) => _path = path;

        public static SmallFileSystem MountOn(string path, int sizeMb)
        {
            var (code, error) = Run("mount", "-t", "tmpfs", "-o", $"size={sizeMb}m,mode=0700", "tmpfs", path);
            Assert.True(code == 0, $"The disk-full test mounts a small tmpfs and needs root (CAP_SYS_ADMIN): mount failed: {error}");
            return new SmallFileSystem(path);
        }

        /// <summary>
        /// Empties the database's write-ahead log first (otherwise new commits reuse its space for a long while), then
        /// writes a filler file until the file system refuses another byte.
        /// </summary>
        public async Task FillAsync(string database)
        {
            await using (var connection = new SqliteConnection($"Data Source={database};Pooling=false"))
            {
                await connection.OpenAsync();
                await using var checkpoint = connection.CreateCommand();
                checkpoint.CommandText = "PRAGMA busy_timeout=10000; PRAGMA wal_checkpoint(TRUNCATE);";
                await checkpoint.ExecuteNonQueryAsync();
            }

            _filler = Path.Combine(_path, "filler.bin");
            using var stream = new FileStream(_filler, FileMode.Create, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
            foreach (var size in new[] { 1 << 20, 4096, 1 })
            {
                var block = new byte[size];
                try
                {
                    while (true)
                        stream.Write(block);
                }
                catch (IOException)
                {
                    // this block size no longer fits: go on with a smaller one
                }
            }
        }

        public void Free()
        {
            if (_filler is not null)
                File.Delete(_filler);
        }

        public void Dispose()
        {
            Run("umount", "-l", _path);
            try { Directory.Delete(_path, recursive: true); }
            catch (IOException) { }
        }

        private static (int Code, string Error) Run(string file, params string[] args)
        {
            using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true, UseShellExecute = false })!;
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, error);
        }
    }
}
