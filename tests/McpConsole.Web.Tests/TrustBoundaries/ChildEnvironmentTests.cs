using System.Net;
using System.Net.Http.Json;
using McpConsole.Web.Features.Accounts;
using McpConsole.Web.Features.Demo;
using static McpConsole.Web.Tests.Fleet.FleetApi;

namespace McpConsole.Web.Tests.TrustBoundaries;

/// <summary>Issue 15, item 1: a stdio server sees none of the console's environment, only what it is given.</summary>
public sealed class ChildEnvironmentTests(ConsoleAppFixture app) : IClassFixture<ConsoleAppFixture>
{
    [Fact]
    public async Task StdioServer_SeesOnlyMinimalDefinedAndPassThroughVariables_NeverTheConsoles()
    {
        // Variables of the console's own process, as a deployment would set them.
        Environment.SetEnvironmentVariable("McpConsole__Canary__MasterKey", "console-secret-canary");
        Environment.SetEnvironmentVariable("TRUST_TEST_PASSED_THROUGH", "passed-value");
        Environment.SetEnvironmentVariable("TRUST_TEST_NOT_PASSED", "kept-home");
        var dll = SampleServerLocator.Find(null);
        Assert.NotNull(dll);
        var report = Path.Combine(app.Factory.DataDirectory, $"env-{Guid.NewGuid():N}.txt");

        // A real stdio MCP server (the sample server) behind a shell that first writes down its environment.
        var name = UniqueName("env-report");
        var id = await app.AdminClient().CreateAsync(new
        {
            name, transport = "Stdio", command = "/bin/sh",
            arguments = new[] { "-c", "env > \"$0\"; exec dotnet \"$1\" --stdio --name env-report", report, dll },
            environment = new Dictionary<string, string> { ["OWN_SETTING"] = "own-value" },
            passThroughEnvironment = new[] { "TRUST_TEST_PASSED_THROUGH" },
            probeIntervalSeconds = 5, timeoutSeconds = 5,
        });

        var env = await ReadReportAsync(report);
        Assert.DoesNotContain(env.Keys, k => k.StartsWith("McpConsole", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("TRUST_TEST_NOT_PASSED", env.Keys);
        Assert.Equal("own-value", env["OWN_SETTING"]);
        Assert.Equal("passed-value", env["TRUST_TEST_PASSED_THROUGH"]);
        Assert.Equal(Environment.GetEnvironmentVariable("PATH"), env["PATH"]);

        // And the server works from that environment.
        await WaitForStateAsync(id, "Healthy", TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task PassThrough_OnlyAdminsSetIt_ConsoleSettingsRefused_Audited()
    {
        var admin = app.AdminClient();
        var operatorClient = await app.ClientWithNewKey(UniqueName("operator"), ConsoleRole.Operator);
        var name = UniqueName("pass");
        var id = await admin.CreateAsync(Stdio(name));

        var byOperator = await operatorClient.PutAsJsonAsync($"/api/servers/{id}", new { passThroughEnvironment = new[] { "AWS_PROFILE" } });
        Assert.Equal(HttpStatusCode.Forbidden, byOperator.StatusCode);

        var consoleSetting = await admin.PutAsJsonAsync($"/api/servers/{id}", new { passThroughEnvironment = new[] { "McpConsole__Database__ConnectionString" } });
        Assert.Equal(HttpStatusCode.BadRequest, consoleSetting.StatusCode);
        Assert.Contains("console's own settings", (await consoleSetting.JsonAsync()).GetProperty("errors").GetProperty("passThroughEnvironment")[0].GetString());

        var byAdmin = await admin.PutAsJsonAsync($"/api/servers/{id}", new { passThroughEnvironment = new[] { "AWS_PROFILE" } });
        Assert.Equal(HttpStatusCode.OK, byAdmin.StatusCode);
        Assert.Equal("AWS_PROFILE", (await byAdmin.JsonAsync()).GetProperty("passThroughEnvironment")[0].GetString());
        Assert.Contains(await admin.AuditAsync("server.stdio_command_changed", name), a => a.Details!.Contains("pass-through: AWS_PROFILE", StringComparison.Ordinal));

        // Export and import carry it.
        var export = await admin.GetStringAsync("/api/servers/export");
        Assert.Contains("\"envPassThrough\"", export);
        Assert.Contains("AWS_PROFILE", export);
    }

    private static async Task<Dictionary<string, string>> ReadReportAsync(string path)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (File.Exists(path) && await File.ReadAllTextAsync(path) is { Length: > 0 } text && text.EndsWith('\n'))
            {
                return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains('='))
                    .Select(l => l.Split('=', 2)).GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.First()[1]);
            }

            Assert.True(DateTime.UtcNow < deadline, "the stdio server was not started within 60 s");
            await Task.Delay(200);
        }
    }

    private async Task WaitForStateAsync(int id, string state, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            var servers = await app.AdminClient().GetFromJsonAsync<System.Text.Json.JsonElement>("/api/servers");
            var server = servers.EnumerateArray().First(s => s.GetProperty("id").GetInt32() == id);
            last = $"{server.GetProperty("state").GetString()} ({server.GetProperty("stateReason")})";
            if (server.GetProperty("state").GetString() == state)
                return;
            await Task.Delay(500);
        }

        Assert.Fail($"server {id} did not become {state} in {timeout.TotalSeconds:0} s; last: {last}");
    }
}
