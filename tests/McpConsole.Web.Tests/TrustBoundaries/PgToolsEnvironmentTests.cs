using System.Net.Http.Json;
using System.Text.Json;
using McpConsole.TestSupport;
using McpConsole.Web.Tests.Backups;
using static McpConsole.Web.Tests.Fleet.FleetApi;

namespace McpConsole.Web.Tests.TrustBoundaries;

/// <summary>Issue 15, item 1: pg_dump, pg_restore and psql get the connection's libpq variables, never the console's.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PgToolsEnvironmentTests(PostgresCluster pg) : IClassFixture<PostgresCluster>
{
    private const string RealBin = "/usr/lib/postgresql/15/bin";

    [Fact]
    public async Task PgDumpAndPgRestore_RunWithoutTheConsolesVariables()
    {
        Environment.SetEnvironmentVariable("McpConsole__Canary__ConnectionString", "console-secret-canary");
        var wrappers = BackupApi.TempFolder("pg-wrappers");
        foreach (var tool in new[] { "pg_dump", "pg_restore", "psql" })
        {
            var path = Path.Combine(wrappers, tool);
            await File.WriteAllTextAsync(path, $"#!/bin/sh\nenv > \"{wrappers}/{tool}.env\"\nexec {RealBin}/{tool} \"$@\"\n");
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        await using var console = new ConsoleAppFactory { Settings = new Dictionary<string, string> { ["McpConsole:Backups:PostgresBinDirectory"] = wrappers } };
        var admin = console.CreateClient();
        admin.DefaultRequestHeaders.Add("X-Api-Key", ConsoleAppFactory.BootstrapKey);
        var db = "env_" + Guid.NewGuid().ToString("N")[..8];
        await pg.PsqlAsync("postgres", $"CREATE DATABASE {db}");
        var source = await admin.PostAsJsonAsync("/api/backups/sources", new { name = UniqueName("pg"), kind = "PostgreSql", connectionString = pg.ConnectionString(db) });
        Assert.True(source.IsSuccessStatusCode, await source.Content.ReadAsStringAsync());
        var key = JsonDocument.Parse(await source.Content.ReadAsStringAsync()).RootElement.GetProperty("key").GetString()!;

        Assert.Equal("Verified", (await admin.BackupNowAsync(key)).GetProperty("status").GetString());

        foreach (var tool in new[] { "pg_dump", "pg_restore" })
        {
            var names = (await File.ReadAllLinesAsync(Path.Combine(wrappers, tool + ".env"))).Select(l => l.Split('=', 2)[0]).ToList();
            Assert.DoesNotContain(names, n => n.StartsWith("McpConsole", StringComparison.OrdinalIgnoreCase));
            Assert.Contains("PGHOST", names);
            Assert.Contains("PATH", names);
        }
    }
}
