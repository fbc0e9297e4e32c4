using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using McpConsole.Web.Features.Demo;

namespace McpConsole.Web.Tests.Metrics;

/// <summary>/metrics with a real sample server in the fleet, validated by promtool; the metrics API over HTTP.</summary>
public sealed class FleetExportTests(ConsoleAppFixture app) : IClassFixture<ConsoleAppFixture>
{
    [Fact]
    public async Task Metrics_ExportsTheFleet_AndPassesPromtool_AndTheApiReturnsTheSeries()
    {
        var dll = SampleServerLocator.Find(null) ?? throw new InvalidOperationException("build the solution first: McpConsole.SampleServer.dll not found");
        await using var server = await DemoProcess.StartAsync(dll, new DemoServer("export-one", "host-x", "cloud", [], []), CancellationToken.None);
        var client = app.AdminClient();
        var created = await client.PostAsJsonAsync("/api/servers", new
        {
            name = "export-one", transport = "StreamableHttp", url = new Uri(server.BaseUri, "mcp").ToString(), probeIntervalSeconds = 5, timeoutSeconds = 5,
        });
        created.EnsureSuccessStatusCode();
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32();

        var text = "";
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!text.Contains("mcp_server_state{server=\"export-one\",state=\"Healthy\"} 1") && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
            text = await client.GetStringAsync("/metrics");
        }

        Assert.True(text.Contains("mcp_server_up{server=\"export-one\"} 1"), string.Join("\n", text.Split('\n').Where(l => l.Contains("mcp_server"))));
        Assert.Contains("mcp_server_state{server=\"export-one\",state=\"Healthy\"} 1", text);
        Assert.Contains("mcp_server_state{server=\"export-one\",state=\"Down\"} 0", text);
        Assert.True(text.Contains("mcp_server_tools{server=\"export-one\"} 4"), string.Join("\n", text.Split('\n').Where(l => l.Contains("mcp_server"))));
        Assert.Contains("mcp_probe_step_duration_seconds_bucket{step=\"handshake\",le=\"+Inf\"}", text);
        // The console's own MCP requests to the server, per method, and what the server reports about itself.
        Assert.True(Value(text, "mcp_requests_total{server=\"export-one\",method=\"initialize\"}") >= 1, Lines(text, "mcp_request"));
        Assert.True(Value(text, "mcp_requests_total{server=\"export-one\",method=\"tools/list\"}") >= 1, Lines(text, "mcp_request"));
        Assert.True(Value(text, "mcp_requests_total{server=\"export-one\",method=\"resources/read\"}") >= 1, Lines(text, "mcp_request"));
        // Errors are counted apart (a loaded machine may time one out): never more than were sent.
        Assert.True((Value(text, "mcp_request_errors_total{server=\"export-one\",method=\"tools/list\"}") ?? 0)
            <= Value(text, "mcp_requests_total{server=\"export-one\",method=\"tools/list\"}"), Lines(text, "mcp_request"));
        Assert.True(Value(text, "mcp_request_duration_seconds_count{server=\"export-one\",method=\"tools/list\"}") >= 1, Lines(text, "mcp_request_duration"));
        Assert.True(Value(text, "mcp_server_reported_memory_bytes{server=\"export-one\"}") > 1024 * 1024, Lines(text, "reported"));
        Assert.NotNull(Value(text, "mcp_server_reported_active_connections{server=\"export-one\"}"));
        var (exitCode, output) = await PromtoolAsync(text);
        Assert.True(exitCode == 0, "promtool check metrics: " + output);

        var metrics = await client.GetFromJsonAsync<JsonElement>($"/api/servers/{id}/metrics?range=1h");
        Assert.Equal("1h", metrics.GetProperty("range").GetString());
        Assert.True(metrics.GetProperty("points").GetArrayLength() >= 1);
        Assert.Equal(99.9, metrics.GetProperty("slo").GetProperty("targetPercent").GetDouble());
        var bad = await client.GetAsync($"/api/servers/{id}/metrics?range=2w");
        Assert.Equal(400, (int)bad.StatusCode);
        Assert.Contains("1h, 24h, 7d, 30d, 1y", await bad.Content.ReadAsStringAsync());
        Assert.Equal(404, (int)(await client.GetAsync("/api/servers/999999/metrics")).StatusCode);
    }

    private static double? Value(string exposition, string series) =>
        exposition.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal)) is { } line
            ? double.Parse(line[(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture)
            : null;

    private static string Lines(string exposition, string contains) =>
        string.Join("\n", exposition.Split('\n').Where(l => l.Contains(contains, StringComparison.Ordinal)));

    [Fact]
    public async Task AvailabilityTarget_OperatorOnly_ValidatedAndAudited()
    {
        var admin = app.AdminClient();
        var created = await admin.PostAsJsonAsync("/api/servers", new { name = "target-one", transport = "StreamableHttp", url = "http://127.0.0.1:9/mcp", enabled = false });
        created.EnsureSuccessStatusCode();
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32();
        var viewer = await app.ClientWithNewKey("target-viewer", Features.Accounts.ConsoleRole.Viewer);

        Assert.Equal(403, (int)(await viewer.PutAsJsonAsync($"/api/servers/{id}/availability-target", new { targetPercent = 99.5 })).StatusCode);
        Assert.Equal(400, (int)(await admin.PutAsJsonAsync($"/api/servers/{id}/availability-target", new { targetPercent = 100 })).StatusCode);
        Assert.Equal(204, (int)(await admin.PutAsJsonAsync($"/api/servers/{id}/availability-target", new { targetPercent = 99.5 })).StatusCode);

        var metrics = await admin.GetFromJsonAsync<JsonElement>($"/api/servers/{id}/metrics?range=24h");
        Assert.Equal(99.5, metrics.GetProperty("slo").GetProperty("targetPercent").GetDouble());
        var audit = await admin.GetFromJsonAsync<AuditResultsDto>("/api/audit?action=metrics.target");
        Assert.Contains(audit!.Items, e => e.Target == "target-one" && e.Details!.Contains("-> 99.5 %"));
    }

    /// <summary>promtool from Debian's prometheus package; installed through scripts/install-test-deps.sh when missing.</summary>
    private static async Task<(int, string)> PromtoolAsync(string metrics)
    {
        if (!File.Exists("/usr/bin/promtool"))
        {
            var root = new DirectoryInfo(AppContext.BaseDirectory);
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "McpConsole.sln")))
                root = root.Parent;
            var install = Process.Start(new ProcessStartInfo("bash", Path.Combine(root!.FullName, "scripts", "install-test-deps.sh")))!;
            await install.WaitForExitAsync();
        }

        var psi = new ProcessStartInfo("promtool", "check metrics") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var promtool = Process.Start(psi)!;
        await promtool.StandardInput.WriteAsync(metrics);
        promtool.StandardInput.Close();
        var output = await promtool.StandardOutput.ReadToEndAsync() + await promtool.StandardError.ReadToEndAsync();
        await promtool.WaitForExitAsync();
        return (promtool.ExitCode, output);
    }
}
