using System.Net;
using System.Net.Http.Json;
using McpConsole.Web.Features.Accounts;
using static McpConsole.Web.Tests.Backups.BackupApi;
using static McpConsole.Web.Tests.Fleet.FleetApi;

namespace McpConsole.Web.Tests.Backups;

/// <summary>A restore of the console database cannot be used to erase what someone did.</summary>
public sealed class RestoreTracksTests(ConsoleAppFixture app) : IClassFixture<ConsoleAppFixture>
{
    [Fact]
    public async Task Operator_CannotRestoreTheConsoleDatabase_NorDeleteASafetyBackup()
    {
        var admin = app.AdminClient();
        var operatorClient = await app.ClientWithNewKey(UniqueName("operator"), ConsoleRole.Operator);
        var id = (await admin.BackupNowAsync()).GetProperty("id").GetString()!;

        var refused = await operatorClient.RestoreAsync(id, id);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Empty(await admin.AuditAsync("backup.restore", id));

        var restore = await admin.RestoreAsync(id, id);
        Assert.Equal(HttpStatusCode.OK, restore.StatusCode);
        var safetyId = (await restore.JsonAsync()).GetProperty("safetyBackupId").GetString()!;

        Assert.Equal(HttpStatusCode.Forbidden, (await operatorClient.DeleteAsync($"/api/backups/{safetyId}")).StatusCode);
        Assert.True((await admin.GetBackupAsync(safetyId)).GetProperty("isSafetyBackup").GetBoolean());
        Assert.Single(await admin.AuditAsync("backup.delete", safetyId), a => !a.Succeeded);

        // An ordinary backup stays an Operator's to delete; a safety backup an Admin's.
        var ordinary = (await admin.BackupNowAsync()).GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.NoContent, (await operatorClient.DeleteAsync($"/api/backups/{ordinary}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/backups/{safetyId}")).StatusCode);
        Assert.Single(await admin.AuditAsync("backup.delete", safetyId), a => a.Succeeded && a.Details == "safety backup");
    }

    [Fact]
    public async Task AdminRestoringAnOlderBackup_KeepsKeysRevokedSinceRevoked_AndAuditRowsWrittenSince()
    {
        var admin = app.AdminClient();
        var keyName = UniqueName("revoked-after-backup");
        var created = await (await admin.PostAsJsonAsync("/api/apikeys", new { name = keyName, role = "Operator" })).Content.ReadFromJsonAsync<CreatedKeyDto>();
        var keyClient = app.Factory.CreateClient();
        keyClient.DefaultRequestHeaders.Add("X-Api-Key", created!.Secret);
        Assert.Equal(HttpStatusCode.OK, (await keyClient.GetAsync("/api/servers")).StatusCode);

        var id = (await admin.BackupNowAsync()).GetProperty("id").GetString()!;

        // After the backup: the key is revoked and something is done that the audit log records.
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/apikeys/{created.Key.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await keyClient.GetAsync("/api/servers")).StatusCode);
        var actedAfter = UniqueName("acted-after-backup");
        await admin.CreateAsync(Http(actedAfter));
        Assert.Single(await admin.AuditAsync("server.created", actedAfter));

        Assert.Equal(HttpStatusCode.OK, (await admin.RestoreAsync(id, id)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await keyClient.GetAsync("/api/servers")).StatusCode);
        Assert.Single(await admin.AuditAsync("server.created", actedAfter));
        Assert.Single(await admin.AuditAsync("apikey.revoked", keyName));
        Assert.Single(await admin.AuditAsync("backup.restore", id), a => a.Succeeded);
    }
}
