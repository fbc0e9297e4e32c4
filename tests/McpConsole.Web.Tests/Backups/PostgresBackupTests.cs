using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using McpConsole.Web.Features.Backups;
using Microsoft.Extensions.DependencyInjection;
using static McpConsole.Web.Tests.Backups.BackupApi;
using static McpConsole.Web.Tests.Fleet.FleetApi;

namespace McpConsole.Web.Tests.Backups;

/// <summary>A PostgreSQL database used by an MCP server, through the real pg_dump / pg_restore against a real cluster.</summary>
public sealed class PostgresBackupTests(ConsoleAppFixture app, PostgresCluster pg) : IClassFixture<ConsoleAppFixture>, IClassFixture<PostgresCluster>
{
    private async Task<(HttpClient Admin, string Key, string Db)> SourceAsync()
    {
        var db = "app_" + Guid.NewGuid().ToString("N")[..8];
        await pg.PsqlAsync("postgres", $"CREATE DATABASE {db}");
        await pg.PsqlAsync(db, "CREATE TABLE memories (id int primary key, note text); INSERT INTO memories SELECT g, 'note ' || g FROM generate_series(1, 500) g;");
        var admin = app.AdminClient();
        var response = await admin.PostAsJsonAsync("/api/backups/sources", new { name = UniqueName("pg"), kind = "PostgreSql", connectionString = pg.ConnectionString(db) });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        Assert.DoesNotContain("Password", text);
        return (admin, JsonDocument.Parse(text).RootElement.GetProperty("key").GetString()!, db);
    }

    [Fact]
    public async Task PgDump_IsVerifiedByPgRestoreIntoATemporaryDatabase_AndRestoresTheData()
    {
        var (admin, key, db) = await SourceAsync();
        var backup = await admin.BackupNowAsync(key);
        var id = backup.GetProperty("id").GetString()!;
        Assert.Equal("Verified", backup.GetProperty("status").GetString());
        Assert.Equal("", await pg.PsqlAsync("postgres", "SELECT datname FROM pg_database WHERE datname LIKE 'mcpconsole_verify_%'"));

        await pg.PsqlAsync(db, "DELETE FROM memories WHERE id > 10; INSERT INTO memories VALUES (9999, 'after the backup');");
        var restore = await admin.RestoreAsync(id, id);
        Assert.Equal(HttpStatusCode.OK, restore.StatusCode);
        Assert.Equal("500", await pg.PsqlAsync(db, "SELECT count(*) FROM memories"));
        Assert.Equal("0", await pg.PsqlAsync(db, "SELECT count(*) FROM memories WHERE id = 9999"));

        // The safety backup holds the state just before the restore.
        var safetyId = (await restore.JsonAsync()).GetProperty("safetyBackupId").GetString()!;
        Assert.Equal("Verified", (await admin.GetBackupAsync(safetyId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task FlippedByteInDump_IsDetected_AndRestoreRefused()
    {
        var (admin, key, db) = await SourceAsync();
        var id = (await admin.BackupNowAsync(key)).GetProperty("id").GetString()!;
        var store = app.Factory.Services.GetRequiredService<BackupStore>();
        var bytes = File.ReadAllBytes(store.ArchivePath(id));
        bytes[700] ^= 0x20;
        File.WriteAllBytes(store.ArchivePath(id), bytes);
        await pg.PsqlAsync(db, "DELETE FROM memories");

        var state = await (await admin.PostAsync($"/api/backups/{id}/verify", null)).JsonAsync();
        Assert.Equal("Corrupt", state.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await admin.RestoreAsync(id, id)).StatusCode);
        Assert.Equal("0", await pg.PsqlAsync(db, "SELECT count(*) FROM memories"));
    }

    [Fact]
    public async Task UnreachableServer_FailsWithTheReason_AndLeavesNoBackup()
    {
        var admin = app.AdminClient();
        var response = await admin.PostAsJsonAsync("/api/backups/sources", new { name = UniqueName("down"), kind = "PostgreSql", connectionString = "Host=127.0.0.1;Port=1;Database=x;Username=postgres" });
        var key = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("key").GetString()!;
        var before = (await admin.GetFromJsonAsync<List<JsonElement>>("/api/backups"))!.Count;
        var backup = await admin.PostAsJsonAsync("/api/backups", new { source = key });
        Assert.Equal(HttpStatusCode.InternalServerError, backup.StatusCode);
        Assert.Contains("pg_dump", await backup.Content.ReadAsStringAsync());
        Assert.Equal(before, (await admin.GetFromJsonAsync<List<JsonElement>>("/api/backups"))!.Count);
    }
}
