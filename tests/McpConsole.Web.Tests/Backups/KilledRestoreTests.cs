using System.Net.Http.Json;
using System.Text.Json;
using McpConsole.Web.Tests.ScaleOut;
using Microsoft.Data.Sqlite;

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

    [Fact]
    public async Task ConsoleKilledWhileReplacingItsOwnDatabase_TheNextStartRunsOnOneWholeDatabase_AndSaysSo()
    {
        var dataDirectory = BackupApi.TempFolder("killed-db-restore");
        var database = Path.Combine(dataDirectory, "console.db");
        await using (var first = await ConsoleProcess.StartAsync(NoSettings, dataDirectory))
            await CreateServerAsync(first.Api, "kept");
        // A large probe history, so the copy into the live file takes long enough to be killed in.
        using (var connection = Open(database))
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = $"""
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1500000)
                INSERT INTO "ProbeSamples" ("ServerId", "At", "Succeeded", "LatencyMs", "FailureKind")
                SELECT (SELECT "Id" FROM "Servers" WHERE "Name" = 'kept'), {DateTimeOffset.UtcNow.AddDays(-1).UtcTicks} + i * 10000, 1, 10 + i % 50, NULL FROM n
                """;
            insert.ExecuteNonQuery();
        }

        string backupId;
        await using (var console = await ConsoleProcess.StartAsync(NoSettings, dataDirectory))
        {
            backupId = (await console.Api.BackupNowAsync()).GetProperty("id").GetString()!;
            await CreateServerAsync(console.Api, "added-after-the-backup");
            var restore = console.Api.RestoreAsync(backupId, backupId);
            var journal = Path.Combine(dataDirectory, "backups", "restore.journal.json");
            await WaitUntilAsync(() => File.Exists(journal) && File.ReadAllText(journal).Contains("\"Replacing\"", StringComparison.Ordinal),
                TimeSpan.FromSeconds(150), "the restore never began replacing the database");
            console.Kill();
            await Assert.ThrowsAnyAsync<Exception>(() => restore);
        }

        using (var connection = Open(database))
        {
            using var check = connection.CreateCommand();
            check.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", check.ExecuteScalar());
        }

        await using (var restarted = await ConsoleProcess.StartAsync(NoSettings, dataDirectory))
        {
            var servers = (await restarted.Api.GetFromJsonAsync<List<JsonElement>>("/api/servers"))!.Select(s => s.GetProperty("name").GetString()).ToList();
            Assert.Contains("kept", servers); // the data from before, or the restored data: whole either way
            var said = $"restore of backup {backupId} to 'Console database'";
            Assert.Contains(await KilledBackupTests.InterruptedEventsAsync(restarted.Api), m => m.StartsWith(said, StringComparison.Ordinal));
            Assert.Contains(await KilledBackupTests.RecoveryAuditAsync(restarted.Api), m => m.StartsWith(said, StringComparison.Ordinal));
            // The console's data is usable: it takes a good backup of itself.
            var after = await restarted.Api.BackupNowAsync();
            Assert.Equal("Verified", after.GetProperty("status").GetString());
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(dataDirectory, recursive: true);
    }

    private static SqliteConnection Open(string database)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static async Task CreateServerAsync(HttpClient api, string name)
    {
        using var created = await api.PostAsJsonAsync("/api/servers", new { name, transport = "StreamableHttp", url = "http://127.0.0.1:9/mcp", probeIntervalSeconds = 60, timeoutSeconds = 5 });
        created.EnsureSuccessStatusCode();
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
