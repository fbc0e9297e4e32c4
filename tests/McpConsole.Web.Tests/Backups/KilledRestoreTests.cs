using McpConsole.Web.Tests.ScaleOut;

namespace McpConsole.Web.Tests.Backups;

/// <summary>
/// A real console process is SIGKILLed half-way through restoring a folder (each file is written, flushed and renamed
/// over its target, one after the other): the next start finishes the restore, so the folder holds the backup's files,
/// never a mix of old and restored ones, and says what it found and did.
/// </summary>
public sealed class KilledRestoreTests
{
    private const int FileCount = 1500;
    private static readonly Dictionary<string, string> NoSettings = [];

    [Fact]
    public async Task ConsoleKilledWhileReplacingFiles_TheNextStartFinishesTheRestore_AndSaysSo()
    {
        var dataDirectory = BackupApi.TempFolder("killed-restore-data");
        var source = BackupApi.TempFolder("killed-restore-source");
        await WriteAllAsync(source, "before");
        string backupId;

        await using (var console = await ConsoleProcess.StartAsync(NoSettings, dataDirectory))
        {
            var key = await console.Api.AddFolderSourceAsync("many-files", source);
            backupId = (await console.Api.BackupNowAsync(key)).GetProperty("id").GetString()!;
            await WriteAllAsync(source, "after"); // what the restore replaces

            var restore = console.Api.RestoreAsync(backupId, backupId);
            // Natural slowness: every file is flushed to disk before its rename, so replacing 1,500 takes seconds.
            await WaitUntilAsync(() => Contents(source).Any(c => c.StartsWith("before", StringComparison.Ordinal)), TimeSpan.FromSeconds(120), "the restore never replaced a file");
            console.Kill();
            await Assert.ThrowsAnyAsync<Exception>(() => restore);
            var killedIn = Contents(source);
            Assert.Contains(killedIn, c => c.StartsWith("after", StringComparison.Ordinal)); // the kill did land half-way: a mix on disk
        }

        await using (var restarted = await ConsoleProcess.StartAsync(NoSettings, dataDirectory))
        {
            Assert.All(Contents(source), c => Assert.StartsWith("before", c));
            Assert.Equal(FileCount, Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories).Count()); // no temporary copies left
            Assert.Empty(Directory.EnumerateDirectories(Path.Combine(dataDirectory, "backups"), ".scratch-*"));

            var said = $"restore of backup {backupId} to 'many-files'";
            Assert.Contains(await KilledBackupTests.InterruptedEventsAsync(restarted.Api), m => m.StartsWith(said, StringComparison.Ordinal) && m.Contains("finished at start"));
            Assert.Contains(await KilledBackupTests.RecoveryAuditAsync(restarted.Api), m => m.StartsWith(said, StringComparison.Ordinal) && m.Contains("finished at start"));
            Assert.Equal("Verified", (await restarted.Api.GetBackupAsync(backupId)).GetProperty("status").GetString());
        }

        Directory.Delete(dataDirectory, recursive: true);
        Directory.Delete(source, recursive: true);
    }

    private static async Task WriteAllAsync(string root, string version)
    {
        for (var i = 0; i < FileCount; i++)
        {
            var path = Path.Combine(root, $"d{i % 10}", $"f{i}.txt");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, $"{version} {i}");
        }
    }

    private static List<string> Contents(string root) =>
        Enumerable.Range(0, FileCount).Select(i => File.ReadAllText(Path.Combine(root, $"d{i % 10}", $"f{i}.txt"))).ToList();

    private static async Task WaitUntilAsync(Func<bool> done, TimeSpan within, string failure)
    {
        var deadline = DateTime.UtcNow + within;
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(10);
        }
    }
}
