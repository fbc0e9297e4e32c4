using System.Net.Http.Json;
using System.Text.Json;

namespace McpConsole.Web.Tests.Fleet;

/// <summary>Small helpers shared by the fleet API tests.</summary>
internal static class FleetApi
{
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    public static object Http(string name, string url = "https://mcp.example.com/mcp", Dictionary<string, string>? headers = null) =>
        new { name, transport = "StreamableHttp", url, headers = headers ?? new Dictionary<string, string>(), group = "edge", location = "cloud", tags = new[] { "t1" } };

    public static object Stdio(string name, string command = "node", Dictionary<string, string>? env = null) =>
        new { name, transport = "Stdio", command, arguments = new[] { "server.js", "--port", "0" }, environment = env ?? new Dictionary<string, string>() };

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>())!;

    public static async Task<int> CreateAsync(this HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/servers", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"create failed: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetInt32();
    }

    public static async Task<List<AuditItemDto>> AuditAsync(this HttpClient admin, string action, string target) =>
        (await admin.GetFromJsonAsync<AuditResultsDto>($"/api/audit?action={action}&text={Uri.EscapeDataString(target)}&take=100"))!.Items;

    public static HttpContent Raw(string json) => new StringContent(json, System.Text.Encoding.UTF8, "application/json");
}
