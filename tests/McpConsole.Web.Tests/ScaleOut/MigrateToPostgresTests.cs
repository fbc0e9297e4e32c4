using System.Data.Common;
using System.Net.Http.Json;
using McpConsole.TestSupport;
using McpConsole.Web.Infrastructure.Storage.Postgres;
using Microsoft.Data.Sqlite;
using Npgsql;
using Xunit.Abstractions;

namespace McpConsole.Web.Tests.ScaleOut;

/// <summary>An existing SQLite console (with probe history) copied to PostgreSQL by the migrate-to-postgres command.</summary>
public sealed class MigrateToPostgresTests(ScaleOutCluster cluster, ITestOutputHelper output) : IClassFixture<ScaleOutCluster>
{
    private sealed record ServerDto(int Id, string Name);

    [Fact]
    public async Task MigrateToPostgres_CopiesEveryRow_RefusesANonEmptyTarget_AndAPostgresInstanceServesTheCopy()
    {
        var sqliteApp = new ConsoleAppFactory { KeepDataDirectory = true };
        var dataDirectory = sqliteApp.DataDirectory;
        try
        {
            var api = sqliteApp.CreateClient();
            api.DefaultRequestHeaders.Add("X-Api-Key", ConsoleAppFactory.BootstrapKey);
            foreach (var name in new[] { "copy-alpha", "copy-beta", "copy-gamma" })
            {
                var created = await api.PostAsJsonAsync("/api/servers", new
                {
                    name, transport = "StreamableHttp", url = "http://127.0.0.1:1/mcp", timeoutSeconds = 2, probeIntervalSeconds = 5,
                    headers = new Dictionary<string, string> { ["Authorization"] = "Bearer secret-" + name },
                });
                created.EnsureSuccessStatusCode();
            }

            var sqlite = new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataDirectory, "console.db"), Pooling = false }.ToString();
            await ScaleOutCluster.WaitForAsync(async () => await CountAsync(new SqliteConnection(sqlite), "ProbeSamples") >= 3,
                TimeSpan.FromSeconds(30), "probe samples in the SQLite console");
            await sqliteApp.DisposeAsync();
            await SeedCostRowsAsync(sqlite);

            var target = await cluster.CreateDatabaseAsync();
            var (code, text) = await RunAsync("--from", dataDirectory, "--to", target);
            output.WriteLine(text);
            Assert.Equal(0, code);
            Assert.DoesNotContain("Password", text, StringComparison.OrdinalIgnoreCase);

            // Every table of the SQLite file, counted independently on both sides.
            var tables = await SqliteTablesAsync(sqlite);
            Assert.Contains("ProbeSamples", tables);
            foreach (var table in tables)
            {
                var expected = await CountAsync(new SqliteConnection(sqlite), table);
                Assert.Equal((table, expected), (table, await CountAsync(new NpgsqlConnection(target), table)));
            }

            foreach (var table in new[] { "Servers", "ProbeSamples", "ServerStatus", "Users", "ApiKeys", "AuditLog", "DataProtectionKeys", "AlertCursors",
                         "ResourceSamples", "ResourceHours", "CostPrices", "CostSettings", "RecommendationDecisions" })
                Assert.True(await CountAsync(new SqliteConnection(sqlite), table) > 0, $"{table} should hold rows to copy");

            // Spot checks: the same servers (with their encrypted headers) and the same first probe sample.
            const string Servers = """SELECT "Name" || '|' || "Url" || '|' || COALESCE("HeadersProtected", '') FROM "Servers" ORDER BY "Name" """;
            Assert.Equal(await ColumnAsync(new SqliteConnection(sqlite), Servers), await ColumnAsync(new NpgsqlConnection(target), Servers));
            const string FirstSample = """SELECT CAST("At" AS TEXT) || '|' || CAST("ServerId" AS TEXT) || '|' || COALESCE("FailureKind", '') FROM "ProbeSamples" ORDER BY "At", "ServerId" LIMIT 1""";
            Assert.Equal(await ColumnAsync(new SqliteConnection(sqlite), FirstSample), await ColumnAsync(new NpgsqlConnection(target), FirstSample));
            const string Prices = """SELECT "Scope" || '|' || "Name" || '|' || CAST("CpuCoreHour" AS TEXT) || '|' || CAST("GbHour" AS TEXT) FROM "CostPrices" ORDER BY "Scope", "Name" """;
            Assert.Equal(["Group|batch|0.05|0.0125"], await ColumnAsync(new NpgsqlConnection(target), Prices));
            const string Samples = """SELECT CAST("At" AS TEXT) || '|' || CAST("CpuCores" AS TEXT) || '|' || CAST("MemoryMb" AS TEXT) FROM "ResourceSamples" ORDER BY "At" """;
            Assert.Equal(await ColumnAsync(new SqliteConnection(sqlite), Samples), await ColumnAsync(new NpgsqlConnection(target), Samples));

            // A second copy onto the now non-empty database is refused; --force replaces it.
            var (again, refusal) = await RunAsync("--from", dataDirectory, "--to", target);
            Assert.Equal(1, again);
            Assert.Contains("--force", refusal);
            Assert.Equal(0, (await RunAsync("--from", dataDirectory, "--to", target, "--force")).Code);

            // A PostgreSQL instance starts on the copy and serves the same fleet; a new server gets a fresh id.
            await using var pgApp = ScaleOutCluster.Instance(target, "after-copy", probing: false);
            var pgApi = ScaleOutCluster.Api(pgApp);
            var servers = await pgApi.GetFromJsonAsync<List<ServerDto>>("/api/servers");
            Assert.Equal(["copy-alpha", "copy-beta", "copy-gamma"], servers!.Select(s => s.Name).Order());
            var added = await pgApi.PostAsJsonAsync("/api/servers", new { name = "copy-delta", transport = "StreamableHttp", url = "http://127.0.0.1:1/mcp" });
            added.EnsureSuccessStatusCode();
        }
        finally
        {
            await sqliteApp.DisposeAsync();
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(dataDirectory, recursive: true); }
            catch (IOException) { }
        }
    }

    /// <summary>Cost rows of every kind (the sampler finds nothing on unreachable servers in the time the test runs).</summary>
    private static async Task SeedCostRowsAsync(string sqlite)
    {
        await using var connection = new SqliteConnection(sqlite);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        var at = new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero).UtcTicks;
        command.CommandText = $"""
            INSERT INTO "ResourceSamples" ("ServerId", "At", "CpuCores", "MemoryMb", "Requests") SELECT "Id", {at}, 0.25, 96.5, 3 FROM "Servers";
            INSERT INTO "ResourceHours" ("ServerId", "BucketStart", "KnownSeconds", "UsedCpuCoreSeconds", "BilledCpuCoreSeconds", "UsedMemoryMbSeconds",
                "BilledMemoryMbSeconds", "Requests", "Samples", "PeakCpuCores", "PeakMemoryMb") SELECT "Id", {at}, 3600, 900, 3600, 347400, 3686400, NULL, 120, 0.5, 100 FROM "Servers";
            INSERT INTO "CostPrices" ("Scope", "Name", "CpuCoreHour", "GbHour") VALUES ('Group', 'batch', '0.05', '0.0125');
            INSERT OR REPLACE INTO "CostSettings" ("Id", "Currency", "DailyThreshold") VALUES (1, 'EUR', '12.5');
            UPDATE "Servers" SET "MetricsUrl" = 'http://127.0.0.1:1/metrics' WHERE "Id" = (SELECT MIN("Id") FROM "Servers");
            INSERT INTO "RecommendationDecisions" ("Key", "ServerId", "SnoozedUntil", "Dismissed", "DecidedBy", "DecidedAt")
                SELECT CAST(MIN("Id") AS TEXT) || ':Idle', MIN("Id"), {at}, 0, 'admin', {at} FROM "Servers";
            """;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<(int Code, string Text)> RunAsync(params string[] args)
    {
        var writer = new StringWriter();
        var code = await MigrateToPostgresCommand.RunAsync([MigrateToPostgresCommand.Name, .. args], writer, writer);
        return (code, writer.ToString());
    }

    private static async Task<List<string>> SqliteTablesAsync(string sqlite) =>
        await ColumnAsync(new SqliteConnection(sqlite),
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__EFMigrations%' ORDER BY name");

    private static async Task<long> CountAsync(DbConnection connection, string table)
    {
        await using (connection)
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
            return Convert.ToInt64(await command.ExecuteScalarAsync());
        }
    }

    private static async Task<List<string>> ColumnAsync(DbConnection connection, string sql)
    {
        await using (connection)
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await using var reader = await command.ExecuteReaderAsync();
            var values = new List<string>();
            while (await reader.ReadAsync())
                values.Add(reader.GetString(0));
            return values;
        }
    }
}
