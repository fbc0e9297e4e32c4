using McpConsole.Web.Tests.Backups;

namespace McpConsole.Web.Tests.TrustBoundaries;

/// <summary>Issue 15, item 10: what the console writes is readable by its own user only.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FileModesTests(ConsoleAppFixture app) : IClassFixture<ConsoleAppFixture>
{
    private const UnixFileMode GroupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    [Fact]
    public async Task AfterStartAndBackup_DataDirectory0700_DatabaseKeyLogsAndBackupFiles0600()
    {
        var admin = app.AdminClient();
        var backup = await admin.BackupNowAsync();
        var id = backup.GetProperty("id").GetString()!;
        var data = app.Factory.DataDirectory;

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(data));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(data, "backups")));
        var files = new[] { "console.db", "jobs.db", "dataprotection.key", Path.Combine("backups", id + ".tar"), Path.Combine("backups", id + ".manifest.json") }
            .Select(f => Path.Combine(data, f))
            .Concat(Directory.GetFiles(Path.Combine(data, "logs")))
            .Concat(Directory.GetFiles(data, "console.db-*"))
            .ToList();
        Assert.Contains(files, f => f.Contains("logs", StringComparison.Ordinal));
        Assert.All(files, f =>
        {
            Assert.True(File.Exists(f), $"{f} is missing");
            Assert.True((File.GetUnixFileMode(f) & GroupOrOther) == 0, $"{Path.GetFileName(f)} is {File.GetUnixFileMode(f)}: group or others can read it");
        });
    }
}
