using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace McpConsole.Web.Tests.Backups;

/// <summary>
/// A real console process is SIGKILLed while it writes a backup: nothing it leaves looks like a good backup, and the
/// next start cleans the leftovers and lists no backup from the interrupted run.
/// </summary>
public sealed class KilledBackupTests
{
    private const string ApiKey = "mcpc_killed-backup-test-key-0123456789";

    [Fact]
    public async Task ConsoleKilledMidBackup_LeavesNoValidLookingBackup_AndTheNextStartCleansUp()
    {
        var dataDirectory = BackupApi.TempFolder("killed-backup-data");
        var source = BackupApi.TempFolder("killed-backup-source");
        // Large enough that the archive is still being written when the kill lands; sparse, so it costs no disk.
        using (var big = File.Create(Path.Combine(source, "big.bin")))
            big.SetLength(768L * 1024 * 1024);
        var backups = Path.Combine(dataDirectory, "backups");

        using (var console = await RunningConsole.StartAsync(dataDirectory))
        {
            var key = await console.Http.AddFolderSourceAsync("big-folder", source);
            var backup = console.Http.PostAsJsonAsync("/api/backups", new { source = key });

            var partial = await WaitForGrowingPartialAsync(backups, TimeSpan.FromSeconds(60));
            Assert.True(partial is not null, "the backup never started writing its archive");
            console.Kill(); // SIGKILL: no finally block, no dispose, no shutdown hook runs
            await Assert.ThrowsAnyAsync<Exception>(() => backup);

            Assert.Empty(Directory.EnumerateFiles(backups, "*.manifest.json"));
            Assert.NotEmpty(Directory.EnumerateFiles(backups, "*.partial"));
        }

        using (var restarted = await RunningConsole.StartAsync(dataDirectory))
        {
            var listed = await restarted.Http.GetFromJsonAsync<List<JsonElement>>("/api/backups");
            Assert.Empty(listed!);
            Assert.Empty(Directory.EnumerateFiles(backups, "*.partial"));
            Assert.Empty(Directory.EnumerateFiles(backups, "*.tar"));

            // The console still backs up after the crash.
            var key = (await restarted.Http.GetFromJsonAsync<List<JsonElement>>("/api/backups/sources"))!
                .Single(s => s.GetProperty("name").GetString() == "big-folder").GetProperty("key").GetString()!;
            File.Delete(Path.Combine(source, "big.bin"));
            await File.WriteAllTextAsync(Path.Combine(source, "small.txt"), "still here");
            var done = await restarted.Http.BackupNowAsync(key);
            Assert.Equal("Verified", (await restarted.Http.GetBackupAsync(done.GetProperty("id").GetString()!)).GetProperty("status").GetString());
        }
    }

    private static async Task<string?> WaitForGrowingPartialAsync(string directory, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Directory.Exists(directory)
                && Directory.EnumerateFiles(directory, "*.tar.partial").FirstOrDefault(p => new FileInfo(p).Length > 16 * 1024 * 1024) is { } found)
                return found;
            await Task.Delay(20);
        }

        return null;
    }

    /// <summary>The console as a separate OS process on a free port, with a bootstrap admin API key.</summary>
    private sealed class RunningConsole : IDisposable
    {
        private readonly Process _process;

        private RunningConsole(Process process, HttpClient http)
        {
            _process = process;
            Http = http;
        }

        public HttpClient Http { get; }

        public static async Task<RunningConsole> StartAsync(string dataDirectory)
        {
            var port = FreePort();
            var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "McpConsole.Web.dll"), "--urls", $"http://127.0.0.1:{port}"])
            {
                WorkingDirectory = AppContext.BaseDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["McpConsole__DataDirectory"] = dataDirectory;
            start.Environment["McpConsole__Bootstrap__ApiKey"] = ApiKey;
            start.Environment["McpConsole__Bootstrap__AdminPassword"] = "killed-backup-admin-pw";
            start.Environment["McpConsole__LogToConsole"] = "false";
            var process = Process.Start(start)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(3) };
            http.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
            var console = new RunningConsole(process, http);
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (true)
            {
                Assert.False(process.HasExited, $"the console exited with code {(process.HasExited ? process.ExitCode : 0)}");
                try
                {
                    using var ready = await http.GetAsync("/ready");
                    if (ready.StatusCode == HttpStatusCode.OK)
                        return console;
                }
                catch (HttpRequestException)
                {
                    // not listening yet
                }

                if (DateTime.UtcNow > deadline)
                {
                    console.Dispose();
                    Assert.Fail("the console did not become ready within 120 s");
                }

                await Task.Delay(100);
            }
        }

        public void Kill()
        {
            Process.Start("kill", ["-KILL", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
            _process.WaitForExit();
        }

        public void Dispose()
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
            _process.Dispose();
            Http.Dispose();
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
