using System.Net.Http.Json;
using System.Text.Json;
using McpConsole.Web.Tests.ScaleOut;

namespace McpConsole.Web.Tests.Backups;

/// <summary>
/// A real console process is SIGKILLed while it writes a backup: nothing it leaves looks like a good backup, and the
/// next start cleans the leftovers, lists no backup from the interrupted run and tells the operator what it removed.
/// </summary>
public sealed class KilledBackupTests
{
    private static readonly Dictionary<string, string> NoSettings = [];

    [Fact]
    public async Task ConsoleKilledMidBackup_LeavesNoValidLookingBackup_AndTheNextStartCleansUpAndSaysSo()
    {
        var dataDirectory = BackupApi.TempFolder("killed-backup-data");
        var source = BackupApi.TempFolder("killed-backup-source");
        // Large enough that the archive is still being written when the kill lands; sparse, so it costs no disk.
        using (var big = File.Create(Path.Combine(source, "big.bin")))
            big.SetLength(768L * 1024 * 1024);
        var backups = Path.Combine(dataDirectory, "backups");
        string partialId;

        await using (var console = await ConsoleProcess.StartAsync(NoSettings, dataDirectory))
        {
            var key = await console.Api.AddFolderSourceAsync("big-folder", source);
            var backup = console.Api.PostAsJsonAsync("/api/backups", new { source = key });

            var partial = await WaitForGrowingPartialAsync(backups, TimeSpan.FromSeconds(60));
            Assert.True(partial is not null, "the backup never started writing its archive");
            console.Kill(); // SIGKILL: no finally block, no dispose, no shutdown hook runs
            await Assert.ThrowsAnyAsync<Exception>(() => backup);
            partialId = Path.GetFileName(partial)[..^".tar.partial".Length];

            Assert.Empty(Directory.EnumerateFiles(backups, "*.manifest.json"));
            Assert.NotEmpty(Directory.EnumerateFiles(backups, "*.partial"));
        }

        await using (var restarted = await ConsoleProcess.StartAsync(NoSettings, dataDirectory))
        {
            var listed = await restarted.Api.GetFromJsonAsync<List<JsonElement>>("/api/backups");
            Assert.Empty(listed!);
            Assert.Empty(Directory.EnumerateFiles(backups, "*.partial"));
            Assert.Empty(Directory.EnumerateFiles(backups, "*.tar"));

            // What the start cleaned is on the Backups page (its events) and in the audit log.
            var said = $"removed partial backup {partialId} from an interrupted run";
            Assert.Contains(await InterruptedEventsAsync(restarted.Api), m => m.StartsWith(said, StringComparison.Ordinal));
            Assert.Contains(await RecoveryAuditAsync(restarted.Api), m => m.StartsWith(said, StringComparison.Ordinal));

            // The console still backs up after the crash.
            var key = (await restarted.Api.GetFromJsonAsync<List<JsonElement>>("/api/backups/sources"))!
                .Single(s => s.GetProperty("name").GetString() == "big-folder").GetProperty("key").GetString()!;
            File.Delete(Path.Combine(source, "big.bin"));
            await File.WriteAllTextAsync(Path.Combine(source, "small.txt"), "still here");
            var done = await restarted.Api.BackupNowAsync(key);
            Assert.Equal("Verified", (await restarted.Api.GetBackupAsync(done.GetProperty("id").GetString()!)).GetProperty("status").GetString());
        }

        Directory.Delete(dataDirectory, recursive: true);
        Directory.Delete(source, recursive: true);
    }

    /// <summary>The messages of the "Interrupted" backup events the Backups page shows.</summary>
    internal static async Task<List<string>> InterruptedEventsAsync(HttpClient api) =>
        (await api.GetFromJsonAsync<List<JsonElement>>("/api/backups/events"))!
            .Where(e => e.GetProperty("kind").GetString() == "Interrupted").Select(e => e.GetProperty("message").GetString()!).ToList();

    /// <summary>The details of the "backup.recovery" entries (actor "system") in the audit log.</summary>
    internal static async Task<List<string>> RecoveryAuditAsync(HttpClient api)
    {
        var page = await api.GetFromJsonAsync<JsonElement>("/api/audit?action=backup.recovery");
        return page.GetProperty("items").EnumerateArray()
            .Where(e => e.GetProperty("actor").GetString() == "system").Select(e => e.GetProperty("details").GetString()!).ToList();
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
}
