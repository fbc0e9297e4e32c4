using System.Formats.Tar;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using McpConsole.Core.Backups;
using McpConsole.Web.Features.Backups;
using Microsoft.Extensions.DependencyInjection;
using static McpConsole.Web.Tests.Backups.BackupApi;
using static McpConsole.Web.Tests.Fleet.FleetApi;

namespace McpConsole.Web.Tests.Backups;

/// <summary>Configuration folders backed up, damaged and restored through the real app and real files.</summary>
public sealed class FileBackupTests(ConsoleAppFixture app) : IClassFixture<ConsoleAppFixture>, IDisposable
{
    private readonly string _folder = TempFolder("cfg");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task<(HttpClient Admin, string SourceKey)> ConfigFolderAsync()
    {
        File.WriteAllText(Path.Combine(_folder, "config.json"), """{"mcpServers":{"a":{"command":"node"}}}""");
        Directory.CreateDirectory(Path.Combine(_folder, "certs"));
        File.WriteAllBytes(Path.Combine(_folder, "certs", "ca.pem"), RandomNumberGenerator.GetBytes(300_000));
        var admin = app.AdminClient();
        return (admin, await admin.AddFolderSourceAsync(UniqueName("cfg"), _folder));
    }

    private BackupStore Store => app.Factory.Services.GetRequiredService<BackupStore>();

    [Fact]
    public async Task BackupNow_Folder_WritesArchiveAndManifestWithChecksumsAndIsVerified()
    {
        var (admin, key) = await ConfigFolderAsync();
        var backup = await admin.BackupNowAsync(key);
        var id = backup.GetProperty("id").GetString()!;

        Assert.Equal("Verified", backup.GetProperty("status").GetString());
        Assert.NotEqual("Null", JsonValueKind(backup, "verifiedAt"));
        var manifest = BackupManifest.Parse(File.ReadAllText(Store.ManifestPath(id))).Manifest!;
        Assert.Equal(["certs/ca.pem", "config.json"], manifest.Files.Select(f => f.Path));
        var ca = manifest.Files[0];
        Assert.Equal(300_000, ca.Size);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(_folder, "certs", "ca.pem")))), ca.Sha256);
        Assert.Equal(new FileInfo(Store.ArchivePath(id)).Length, manifest.Archive!.Size);
        Assert.Contains("mcpconsole", manifest.ToolVersions.Keys);

        var download = await admin.GetAsync($"/api/backups/{id}/download");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(manifest.Archive.Sha256, Convert.ToHexStringLower(SHA256.HashData(await download.Content.ReadAsByteArrayAsync())));
    }

    private static string JsonValueKind(System.Text.Json.JsonElement e, string name) => e.GetProperty(name).ValueKind.ToString();

    [Fact]
    public async Task FlippedByte_IsDetected_MarkedCorruptForGood_AndRestoreRefused()
    {
        var (admin, key) = await ConfigFolderAsync();
        var id = (await admin.BackupNowAsync(key)).GetProperty("id").GetString()!;
        var archive = Store.ArchivePath(id);
        var bytes = File.ReadAllBytes(archive);
        bytes[bytes.Length / 3] ^= 0x01; // inside ca.pem's content
        File.WriteAllBytes(archive, bytes);
        File.WriteAllText(Path.Combine(_folder, "config.json"), "changed since the backup");

        var verify = await admin.PostAsync($"/api/backups/{id}/verify", null);
        var state = await verify.JsonAsync();
        Assert.Equal("Corrupt", state.GetProperty("status").GetString());
        var problems = state.GetProperty("problems").EnumerateArray().Select(p => p.GetString()).ToList();
        Assert.Contains("archive SHA-256 does not match the manifest", problems);
        Assert.Contains("certs/ca.pem: SHA-256 does not match the manifest", problems);

        var restore = await admin.RestoreAsync(id, id);
        Assert.Equal(HttpStatusCode.Conflict, restore.StatusCode);
        Assert.Contains("corrupt", await restore.Content.ReadAsStringAsync());
        Assert.Equal("changed since the backup", File.ReadAllText(Path.Combine(_folder, "config.json")));

        // Repairing the byte does not make it restorable again: once found corrupt, never trusted.
        bytes[bytes.Length / 3] ^= 0x01;
        File.WriteAllBytes(archive, bytes);
        await admin.PostAsync($"/api/backups/{id}/verify", null);
        var after = await admin.GetBackupAsync(id);
        Assert.Equal("Corrupt", after.GetProperty("status").GetString());
        Assert.False(after.GetProperty("restorable").GetBoolean());
    }

    [Fact]
    public async Task TruncatedArchive_IsCorrupt_AndRestoreRefused()
    {
        var (admin, key) = await ConfigFolderAsync();
        var id = (await admin.BackupNowAsync(key)).GetProperty("id").GetString()!;
        using (var stream = new FileStream(Store.ArchivePath(id), FileMode.Open))
            stream.SetLength(stream.Length / 2);

        var state = await (await admin.PostAsync($"/api/backups/{id}/verify", null)).JsonAsync();
        Assert.Equal("Corrupt", state.GetProperty("status").GetString());
        Assert.Contains(state.GetProperty("problems").EnumerateArray(), p => p.GetString()!.Contains("truncated"));
        Assert.Equal(HttpStatusCode.Conflict, (await admin.RestoreAsync(id, id)).StatusCode);
    }

    [Fact]
    public async Task Restore_ShowsPreview_NeedsTypedId_TakesSafetyBackup_AndPutsFilesBack()
    {
        var (admin, key) = await ConfigFolderAsync();
        var original = File.ReadAllText(Path.Combine(_folder, "config.json"));
        var id = (await admin.BackupNowAsync(key)).GetProperty("id").GetString()!;
        File.WriteAllText(Path.Combine(_folder, "config.json"), "broken edit");
        File.Delete(Path.Combine(_folder, "certs", "ca.pem"));
        File.WriteAllText(Path.Combine(_folder, "new.txt"), "added later");

        var preview = await (await admin.GetAsync($"/api/backups/{id}/preview")).JsonAsync();
        var changes = preview.GetProperty("changes").EnumerateArray()
            .Select(c => (c.GetProperty("path").GetString(), c.GetProperty("kind").GetString())).ToList();
        Assert.Equal([("certs/ca.pem", "Created"), ("config.json", "Replaced"), ("new.txt", "NotInBackup")], changes);

        Assert.Equal(HttpStatusCode.Conflict, (await admin.RestoreAsync(id, "yes")).StatusCode);
        Assert.Equal("broken edit", File.ReadAllText(Path.Combine(_folder, "config.json")));

        var viewer = await app.ClientWithNewKey(UniqueName("viewer"), Features.Accounts.ConsoleRole.Viewer);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.RestoreAsync(id, id)).StatusCode);

        var restore = await admin.RestoreAsync(id, id);
        var outcome = await restore.JsonAsync();
        Assert.Equal(HttpStatusCode.OK, restore.StatusCode);
        Assert.Equal(original, File.ReadAllText(Path.Combine(_folder, "config.json")));
        Assert.Equal(300_000, new FileInfo(Path.Combine(_folder, "certs", "ca.pem")).Length);
        Assert.Equal("added later", File.ReadAllText(Path.Combine(_folder, "new.txt")));
        Assert.Empty(Directory.GetFiles(_folder, "*.restore-*", SearchOption.AllDirectories));

        var safetyId = outcome.GetProperty("safetyBackupId").GetString()!;
        var safety = await admin.GetBackupAsync(safetyId);
        Assert.True(safety.GetProperty("isSafetyBackup").GetBoolean());
        Assert.Equal("Verified", safety.GetProperty("status").GetString());
        Assert.Single(await admin.AuditAsync("backup.restore", id), a => a.Succeeded);
    }

    [Fact]
    public async Task ArchiveWithTraversalEntry_IsRefused_AndNothingIsWrittenOutsideTheSource()
    {
        var (admin, key) = await ConfigFolderAsync();
        var id = (await admin.BackupNowAsync(key)).GetProperty("id").GetString()!;
        var manifest = BackupManifest.Parse(File.ReadAllText(Store.ManifestPath(id))).Manifest!;
        var evil = Encoding.UTF8.GetBytes("owned");
        var escape = $"../{Path.GetFileName(_folder)}-escaped.txt";
        var forged = manifest with { Files = [.. manifest.Files, new ManifestFile(escape, evil.Length, Convert.ToHexStringLower(SHA256.HashData(evil)))], Archive = null };

        // A forger who rewrites both manifests and the archive digest: only the path rule stands in the way.
        var archive = Store.ArchivePath(id);
        using (var output = new MemoryStream())
        {
            await using (var tar = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true))
            {
                await using var reader = new TarReader(File.OpenRead(archive));
                while (await reader.GetNextEntryAsync(copyData: true) is { } entry)
                {
                    if (entry.Name != BackupManifest.EntryName)
                        await tar.WriteEntryAsync(entry);
                }
                await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, escape) { DataStream = new MemoryStream(evil) });
                await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, BackupManifest.EntryName) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(forged.ToJson())) });
            }
            File.WriteAllBytes(archive, output.ToArray());
            var digest = new ArchiveDigest(output.Length, Convert.ToHexStringLower(SHA256.HashData(output.ToArray())));
            File.WriteAllText(Store.ManifestPath(id), (forged with { Archive = digest }).ToJson());
        }

        var state = await (await admin.PostAsync($"/api/backups/{id}/verify", null)).JsonAsync();
        Assert.Equal("Corrupt", state.GetProperty("status").GetString());
        Assert.Contains(state.GetProperty("problems").EnumerateArray(), p => p.GetString()!.Contains("climbs out of the source"));
        Assert.Equal(HttpStatusCode.Conflict, (await admin.RestoreAsync(id, id)).StatusCode);
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(_folder)!, Path.GetFileName(_folder) + "-escaped.txt")));
    }

    [Fact]
    public async Task AddSource_RelativeOrMissingPath_IsRefusedWithReason_AndNeedsAdmin()
    {
        var admin = app.AdminClient();
        var relative = await admin.PostAsync("/api/backups/sources", Raw("""{"name":"rel","kind":"Files","path":"conf/x.json"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, relative.StatusCode);
        Assert.Contains("absolute", await relative.Content.ReadAsStringAsync());
        var missing = await admin.PostAsync("/api/backups/sources", Raw("""{"name":"gone","kind":"Files","path":"/nonexistent/mcp.json"}"""));
        Assert.Contains("does not exist", await missing.Content.ReadAsStringAsync());
        var op = await app.ClientWithNewKey(UniqueName("op"), Features.Accounts.ConsoleRole.Operator);
        Assert.Equal(HttpStatusCode.Forbidden, (await op.PostAsync("/api/backups/sources", Raw($$"""{"name":"x","kind":"Files","path":"{{_folder}}"}"""))).StatusCode);
    }
}
