using System.Net.Http.Json;
using System.Text.Json;
using McpConsole.Web.Infrastructure.Storage;
using McpConsole.Web.Tests.Metrics;
using McpConsole.Web.Tests.ScaleOut;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Xunit.Abstractions;

namespace McpConsole.Web.Tests.Storage;

/// <summary>
/// A console upgraded from before the compact metrics layout, with a large probe history, is SIGKILLed while its start
/// migrates that history: the database stays whole at a migration boundary, and the next start finishes the migration,
/// keeps every sample and says what it found.
/// </summary>
public sealed class KilledMigrationTests(ITestOutputHelper output)
{
    private const int Samples = 1_500_000;
    private static readonly Dictionary<string, string> NoSettings = [];

    [Fact]
    public async Task ConsoleKilledWhileMigrating_TheDatabaseStaysAtAMigrationBoundary_AndTheNextStartFinishesIt()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "mcpconsole-tests", "killed-migration-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dataDirectory);
        var file = Path.Combine(dataDirectory, StorageSetup.DatabaseFileName);
        var cs = new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString();
        List<string> all;
        await using (var db = new ConsoleDbContext(new DbContextOptionsBuilder<ConsoleDbContext>().UseSqlite(cs).Options))
        {
            all = db.GetService<IMigrationsAssembly>().Migrations.Keys.Order(StringComparer.Ordinal).ToList();
            var serverId = await CompactMetricsMigrationTests.MigrateToOldLayoutAndSeedAsync(db, duplicate: false);
            await db.Database.ExecuteSqlAsync($"""
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {Samples})
                INSERT INTO "ProbeSamples" ("ServerId", "At", "Succeeded", "LatencyMs", "FailureKind", "StepsJson")
                SELECT {serverId}, {DateTimeOffset.UtcNow.AddDays(-1).UtcTicks} + i * 10000, TRUE, 10 + i % 50, NULL, NULL FROM n
                """);
        }
        var expected = Count(cs, """SELECT COUNT(*) FROM "ProbeSamples" """);

        await using (var console = ConsoleProcess.Launch(NoSettings, dataDirectory))
        {
            // Natural slowness: the migration copies 1.5 million samples into the new layout, in the write-ahead log.
            var wal = file + "-wal";
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (!(File.Exists(wal) && new FileInfo(wal).Length > 8 * 1024 * 1024))
            {
                Assert.True(DateTime.UtcNow < deadline, "the start never began migrating the samples");
                await Task.Delay(10);
            }
            console.Kill();
        }

        var applied = Rows(cs, """SELECT "MigrationId" FROM "__EFMigrationsHistory" ORDER BY "MigrationId" """);
        output.WriteLine($"killed after {applied.Count} of {all.Count} migrations; lock rows left: {Count(cs, """SELECT COUNT(*) FROM sqlite_master WHERE name = '__EFMigrationsLock'""") switch { 0 => "no lock table", _ => Count(cs, """SELECT COUNT(*) FROM "__EFMigrationsLock" """).ToString(System.Globalization.CultureInfo.InvariantCulture) }}");
        Assert.Equal(["ok"], Rows(cs, "PRAGMA integrity_check"));
        Assert.Equal(all.Take(applied.Count), applied); // a boundary: a prefix of the migrations, none half-applied
        Assert.True(applied.Count < all.Count, "the kill landed after the migrations had finished");
        Assert.Equal(expected, Count(cs, """SELECT COUNT(*) FROM "ProbeSamples" """));

        await using (var restarted = ConsoleProcess.Launch(NoSettings, dataDirectory))
        {
            await restarted.WaitUntilReadyAsync(TimeSpan.FromSeconds(180));
            var audit = await restarted.Api.GetFromJsonAsync<JsonElement>("/api/audit?action=storage.recovery");
            var said = audit.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("details").GetString()!).ToList();
            Assert.Contains(said, d => d.Contains("killed while it migrated the database") && d.Contains("CompactMetrics"));
        }

        Assert.Equal(all, Rows(cs, """SELECT "MigrationId" FROM "__EFMigrationsHistory" ORDER BY "MigrationId" """));
        Assert.Equal(["ok"], Rows(cs, "PRAGMA integrity_check"));
        Assert.Equal(expected, Count(cs, """SELECT COUNT(*) FROM "ProbeSamples" """));
        SqliteConnection.ClearAllPools();
        Directory.Delete(dataDirectory, recursive: true);
    }

    private static long Count(string cs, string sql) => long.Parse(Rows(cs, sql).Single(), System.Globalization.CultureInfo.InvariantCulture);

    private static List<string> Rows(string cs, string sql)
    {
        using var connection = new SqliteConnection(cs);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
            rows.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        return rows;
    }
}
