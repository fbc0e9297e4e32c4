using System.Net;
using System.Net.Http.Json;
using McpConsole.Core.Backups;
using McpConsole.Web.Features.Backups;
using McpConsole.Web.Features.Backups.Archives;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using static McpConsole.Web.Tests.Backups.BackupApi;
using static McpConsole.Web.Tests.Fleet.FleetApi;

namespace McpConsole.Web.Tests.Backups;

/// <summary>The console's own database, backed up and restored while the console runs.</summary>
public sealed class ConsoleDatabaseBackupTests(ConsoleAppFixture app) : IClassFixture<ConsoleAppFixture>
{
    private BackupStore Store => app.Factory.Services.GetRequiredService<BackupStore>();

    [Fact]
    public async Task BackupNow_ConsoleDatabase_IsVerifiedByIntegrityCheckOfATestRestore()
    {
        var admin = app.AdminClient();
        await admin.CreateAsync(Http(UniqueName("before-backup")));
        var backup = await admin.BackupNowAsync();
        Assert.Equal("Verified", backup.GetProperty("status").GetString());
        Assert.Equal("ConsoleDatabase", backup.GetProperty("sourceKind").GetString());
        var manifest = BackupManifest.Parse(File.ReadAllText(Store.ManifestPath(backup.GetProperty("id").GetString()!))).Manifest!;
        Assert.Equal(["console.db"], manifest.Files.Select(f => f.Path));
        Assert.Matches(@"^3\.\d+", manifest.ToolVersions["sqlite"]);
        Assert.Contains((await admin.GetFromJsonAsync<List<System.Text.Json.JsonElement>>("/api/backups"))!, b => b.GetProperty("id").GetString() == manifest.Id);
    }

    [Fact]
    public async Task Restore_ConsoleDatabase_ConsoleRunsOnRestoredDataWithoutRestart()
    {
        var admin = app.AdminClient();
        var kept = UniqueName("kept");
        var keptId = await admin.CreateAsync(Http(kept));
        var id = (await admin.BackupNowAsync()).GetProperty("id").GetString()!;

        var later = UniqueName("added-after-backup");
        var laterId = await admin.CreateAsync(Http(later));
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/servers/{keptId}")).StatusCode);

        var preview = await (await admin.GetAsync($"/api/backups/{id}/preview")).JsonAsync();
        Assert.Equal("Replaced", preview.GetProperty("changes")[0].GetProperty("kind").GetString());

        var restore = await admin.RestoreAsync(id, id);
        Assert.Equal(HttpStatusCode.OK, restore.StatusCode);

        // Same process, no restart: the API answers from the restored data at once.
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/servers/{keptId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/servers/{laterId}")).StatusCode);
        // Writes work on the restored file, which is still in WAL mode.
        await admin.CreateAsync(Http(UniqueName("after-restore")));
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(app.Factory.DataDirectory, "console.db")};Pooling=false"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode;";
            Assert.Equal("wal", command.ExecuteScalar());
        }
        // The restore is audited in the restored database, and the safety backup (taken just before) is still listed.
        Assert.Single(await admin.AuditAsync("backup.restore", id), a => a.Succeeded);
        var safetyId = (await restore.JsonAsync()).GetProperty("safetyBackupId").GetString()!;
        Assert.True((await admin.GetBackupAsync(safetyId)).GetProperty("isSafetyBackup").GetBoolean());
    }

    [Fact]
    public async Task Restore_SecretsWrittenAfterTheBackup_StayReadable()
    {
        var admin = app.AdminClient();
        var id = (await admin.BackupNowAsync()).GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await admin.RestoreAsync(id, id)).StatusCode);
        // Data Protection keys created after the backup are carried forward, so protecting and reading secrets still works.
        var name = UniqueName("secret-after-restore");
        var serverId = await admin.CreateAsync(Http(name, headers: new Dictionary<string, string> { ["Authorization"] = "Bearer s3cret" }));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/servers/{serverId}")).StatusCode);
    }

    [Fact]
    public async Task InterruptedBackup_LeavesNothingThatLooksLikeABackup_AndIsCleanedAtStart()
    {
        var admin = app.AdminClient();
        var before = (await admin.GetFromJsonAsync<List<System.Text.Json.JsonElement>>("/api/backups"))!.Count;
        // What a kill leaves behind: an archive being written, never committed, never disposed.
        var id = BackupId.New(DateTimeOffset.UtcNow, "console-db", Random.Shared);
        var writer = new ArchiveWriter(Store, id);
        await writer.AddFileAsync("console.db", Path.Combine(app.Factory.DataDirectory, "console.db"), null, CancellationToken.None);
        Assert.True(File.Exists(Store.PartialArchivePath(id)));

        Assert.Equal(before, (await admin.GetFromJsonAsync<List<System.Text.Json.JsonElement>>("/api/backups"))!.Count);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/backups/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.RestoreAsync(id, id)).StatusCode);

        Assert.NotEmpty(Store.RemoveIncomplete());
        Assert.False(File.Exists(Store.PartialArchivePath(id)));
        GC.KeepAlive(writer);
    }

    [Fact]
    public async Task Restore_ThenANewServerReusesADeletedId_ItIsProbedAfreshAndTurnsHealthy()
    {
        var admin = app.AdminClient();
        var id = (await admin.BackupNowAsync()).GetProperty("id").GetString()!;
        // Registered after the backup and failing: the restore removes it, and its id becomes free again.
        var doomedId = await Register(admin, UniqueName("doomed"), $"http://127.0.0.1:{FreePort()}/mcp");
        await WaitForStateAsync(admin, doomedId, "Down");
        Assert.Equal(HttpStatusCode.OK, (await admin.RestoreAsync(id, id)).StatusCode);

        await using var healthy = await TestSupport.SampleServerChild.StartAsync(UniqueName("reborn"), "primary");
        var rebornId = await Register(admin, UniqueName("reborn"), healthy.McpUrl);
        Assert.Equal(doomedId, rebornId); // the restored database rolled the id sequence back
        await WaitForStateAsync(admin, rebornId, "Healthy");
    }

    private static async Task<int> Register(HttpClient admin, string name, string url)
    {
        var response = await admin.PostAsJsonAsync("/api/servers", new { name, transport = "StreamableHttp", url, timeoutSeconds = 2, probeIntervalSeconds = 5 });
        response.EnsureSuccessStatusCode();
        return (await response.JsonAsync()).GetProperty("id").GetInt32();
    }

    private static async Task WaitForStateAsync(HttpClient admin, int serverId, string state)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            var list = await (await admin.GetAsync("/api/servers")).JsonAsync();
            var row = list.EnumerateArray().Single(r => r.GetProperty("id").GetInt32() == serverId);
            last = $"{row.GetProperty("state").GetString()} ({row.GetProperty("stateReason")})";
            if (row.GetProperty("state").GetString() == state)
                return;
            await Task.Delay(250);
        }

        Assert.Fail($"server {serverId} never became {state}; last seen {last}");
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
