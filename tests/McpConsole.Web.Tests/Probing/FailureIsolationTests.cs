using System.Diagnostics;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using McpConsole.TestSupport;
using McpConsole.Web.Infrastructure.DataProtection;
using McpConsole.Web.Tests.Fleet;
using Xunit.Abstractions;

namespace McpConsole.Web.Tests.Probing;

/// <summary>
/// Restarting a console on one data directory while other consoles start in the same test process sometimes makes the
/// restarted one exit before its host is built (seen with KeyRingEncryptionTests too): these tests run alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DataDirectoryRestartCollection
{
    public const string Name = "restarts on one data directory";
}

/// <summary>One server that cannot be loaded never stops the others from being probed.</summary>
[Collection(DataDirectoryRestartCollection.Name)]
public sealed class FailureIsolationTests(ITestOutputHelper output)
{
    [Fact]
    public async Task RestartWithAnotherMasterKey_ServerWithSecretsMisconfigured_OthersStillProbed()
    {
        await using var sample = await SampleServerChild.StartAsync(FleetApi.UniqueName("isolation"), "primary");
        var original = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var other = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var first = new ConsoleAppFactory { KeepDataDirectory = true, Settings = new Dictionary<string, string> { [KeyRingProtection.ConfigurationKey] = original } };
        var directory = first.DataDirectory;
        var plainName = FleetApi.UniqueName("plain");
        var secretName = FleetApi.UniqueName("with-secret");
        try
        {
            await using (first)
            {
                var admin = Admin(first);
                await admin.CreateAsync(Server(plainName, sample.McpUrl, []));
                await admin.CreateAsync(Server(secretName, sample.McpUrl, new() { ["Authorization"] = "Bearer isolation-secret-1" }));
                await WaitForAsync(admin, rows => rows.All(r => r.State == "Healthy"), TimeSpan.FromSeconds(60));
            }

            await using var second = new ConsoleAppFactory
            {
                Settings = new Dictionary<string, string>
                {
                    ["McpConsole:DataDirectory"] = directory, [KeyRingProtection.ConfigurationKey] = other, ["McpConsole:SelfMonitoring:Interval"] = "00:00:01",
                },
            };
            var restarted = DateTimeOffset.UtcNow;
            var client = Admin(second);
            var started = Stopwatch.GetTimestamp();
            var rows = await WaitForAsync(client, rows =>
                rows.Single(r => r.Name == secretName).State == "Misconfigured"
                && rows.Single(r => r.Name == plainName).LastCheckedAt > restarted, TimeSpan.FromSeconds(60));
            output.WriteLine($"Misconfigured and the other server probed {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s after the restart");

            var plain = rows.Single(r => r.Name == plainName);
            Assert.Equal("Healthy", plain.State);
            var secret = rows.Single(r => r.Name == secretName);
            Assert.Contains("master key", secret.StateReason);
            Assert.Contains(KeyRingProtection.ConfigurationKey, secret.StateReason);

            // Probing goes on: the server without secrets gets new results on its interval.
            var before = plain.LastCheckedAt;
            await WaitForAsync(client, r => r.Single(s => s.Name == plainName).LastCheckedAt > before, TimeSpan.FromSeconds(30));

            // The fault is visible where operators look: /metrics and the alerts.
            var series = $"mcp_server_state{{server=\"{secretName}\",state=\"Misconfigured\"}} 1";
            var until = DateTime.UtcNow.AddSeconds(15);
            while (!(await client.GetStringAsync("/metrics")).Contains(series) && DateTime.UtcNow < until)
                await Task.Delay(250);
            Assert.Contains(series, await client.GetStringAsync("/metrics"));
            var alerts = await client.GetFromJsonAsync<List<AlertRow>>("/api/alerts");
            Assert.Contains(alerts!, a => a.Kind == "ServerMisconfigured" && a.Subject == secretName && a.Details.Contains("master key"));
            Assert.DoesNotContain(alerts!, a => a.Subject == plainName);

            // And once for the console: the count and what to do about the key.
            until = DateTime.UtcNow.AddSeconds(30);
            while (!alerts!.Any(a => a.Kind == "ConsoleSecretsUndecryptable") && DateTime.UtcNow < until)
            {
                await Task.Delay(250);
                alerts = await client.GetFromJsonAsync<List<AlertRow>>("/api/alerts");
            }

            var console = Assert.Single(alerts!, a => a.Kind == "ConsoleSecretsUndecryptable");
            Assert.Equal("console", console.Subject);
            Assert.Contains("1 server cannot be probed", console.Details);
            Assert.Contains(KeyRingProtection.EnvironmentVariable, console.Details);
        }
        finally
        {
            try { Directory.Delete(directory, recursive: true); }
            catch (IOException) { }
        }
    }

    private static object Server(string name, string url, Dictionary<string, string> headers) =>
        new { name, transport = "StreamableHttp", url, headers, probeIntervalSeconds = 5, timeoutSeconds = 5 };

    private static async Task<List<ServerRow>> WaitForAsync(HttpClient client, Func<List<ServerRow>, bool> done, TimeSpan within)
    {
        var until = DateTime.UtcNow + within;
        List<ServerRow> rows;
        while (!done(rows = (await client.GetFromJsonAsync<List<ServerRow>>("/api/servers"))!))
        {
            Assert.True(DateTime.UtcNow < until, "not reached in time: " + JsonSerializer.Serialize(rows));
            await Task.Delay(250);
        }

        return rows;
    }

    private static HttpClient Admin(ConsoleAppFactory factory)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ConsoleAppFactory.BootstrapKey);
        return client;
    }

    private sealed record ServerRow(int Id, string Name, string State, string? StateReason, DateTimeOffset? LastCheckedAt);

    private sealed record AlertRow(string Kind, string Subject, string Details);
}
