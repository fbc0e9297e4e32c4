using System.Net.Http.Json;
using System.Text.Json;

namespace McpConsole.Web.Tests.Backups;

internal static class BackupApi
{
    public static async Task<JsonElement> BackupNowAsync(this HttpClient client, string source = "console-db")
    {
        var response = await client.PostAsJsonAsync("/api/backups", new { source });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"backup failed: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    public static async Task<string> AddFolderSourceAsync(this HttpClient admin, string name, string path)
    {
        var response = await admin.PostAsJsonAsync("/api/backups/sources", new { name, kind = "Files", path });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"add source failed: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("key").GetString()!;
    }

    public static Task<HttpResponseMessage> RestoreAsync(this HttpClient client, string id, string? confirm) =>
        client.PostAsJsonAsync($"/api/backups/{id}/restore", new { confirm });

    public static async Task<JsonElement> GetBackupAsync(this HttpClient client, string id) =>
        JsonDocument.Parse(await client.GetStringAsync($"/api/backups/{id}")).RootElement;

    public static string TempFolder(string prefix)
    {
        var path = Path.Combine(Path.GetTempPath(), "mcpconsole-tests", $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(path);
        return path;
    }
}
