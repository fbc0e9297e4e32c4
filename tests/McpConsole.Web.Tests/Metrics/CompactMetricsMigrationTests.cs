using System.Data.Common;
using McpConsole.Web.Features.Fleet;
using McpConsole.Web.Infrastructure.Storage;
using McpConsole.Web.Infrastructure.Storage.Postgres;
using McpConsole.Web.Tests.ScaleOut;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace McpConsole.Web.Tests.Metrics;

/// <summary>
/// A console upgraded across the compact metrics layout keeps its probe history: samples and roll-ups written in the old
/// layout are all there afterwards, roll-up buckets as numbers and latencies rounded, on SQLite and on PostgreSQL.
/// </summary>
public sealed class CompactMetricsMigrationTests(ScaleOutCluster cluster) : IClassFixture<ScaleOutCluster>
{
    private static readonly long Start = new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero).UtcTicks;

    [Fact]
    public async Task Sqlite_KeepsSamplesAndRollups_InWithoutRowidTables()
    {
        var file = Path.Combine(Path.GetTempPath(), "mcpconsole-tests", "compact-" + Guid.NewGuid().ToString("N")[..10] + ".db");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var cs = new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString();
        try
        {
            await using var db = new ConsoleDbContext(new DbContextOptionsBuilder<ConsoleDbContext>().UseSqlite(cs).Options);
            var serverId = await MigrateToOldLayoutAndSeedAsync(db, duplicate: false);
            await db.Database.MigrateAsync();

            await AssertConvertedAsync(db.Database.GetDbConnection(), serverId, expectedSamples: 2);
            await using var schema = db.Database.GetDbConnection().CreateCommand();
            schema.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('ProbeSamples', 'MinuteRollups', 'HourRollups') AND sql LIKE '%WITHOUT ROWID%'";
            Assert.Equal(3L, (long)(await schema.ExecuteScalarAsync())!);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Postgres_KeepsSamplesAndRollups_DroppingOnlyADuplicateSample()
    {
        var cs = await cluster.CreateDatabaseAsync();
        await using var db = new PostgresConsoleDbContext(new DbContextOptionsBuilder<ConsoleDbContext>().UseNpgsql(cs).Options);
        var serverId = await MigrateToOldLayoutAndSeedAsync(db, duplicate: true);
        await db.Database.MigrateAsync();

        await AssertConvertedAsync(db.Database.GetDbConnection(), serverId, expectedSamples: 2);
        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>Migrates to the migration before CompactMetrics and writes one server, two samples and a minute and an hour roll-up in that layout.</summary>
    internal static async Task<int> MigrateToOldLayoutAndSeedAsync(ConsoleDbContext db, bool duplicate)
    {
        var migrations = db.GetService<IMigrationsAssembly>().Migrations.Keys.Order(StringComparer.Ordinal).ToList();
        var lastOldMigration = migrations[migrations.FindIndex(m => m.EndsWith("_CompactMetrics", StringComparison.Ordinal)) - 1];
        await db.GetService<IMigrator>().MigrateAsync(lastOldMigration);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        // Plain SQL in the columns of that time: the EF model has moved on (later migrations add columns).
        var server = new { Id = await ScalarAsync(connection, """
            INSERT INTO "Servers" ("Name", "Transport", "Url", "ArgumentsJson", "TagsJson", "ProbeIntervalSeconds", "TimeoutSeconds",
                "SlowThresholdMs", "CheckHttpHealthEndpoints", "Enabled", "IsDemo", "CreatedAt", "UpdatedAt")
            VALUES ('kept', 'StreamableHttp', 'http://127.0.0.1:1/mcp', '[]', '[]', 30, 10, 2000, FALSE, TRUE, FALSE, 0, 0)
            RETURNING "Id"
            """) };
        var samples = new List<string>
        {
            $"""({server.Id}, {Start}, TRUE, 12.5, NULL, '{"transport":3.0}')""",
            $"""({server.Id}, {Start + TimeSpan.TicksPerSecond * 10}, FALSE, 5000, 'Timeout', NULL)""",
        };
        if (duplicate)
            samples.Add($"""({server.Id}, {Start}, TRUE, 13.0, NULL, NULL)""");
        await ExecuteAsync(connection, $"""
            INSERT INTO "ProbeSamples" ("ServerId", "At", "Succeeded", "LatencyMs", "FailureKind", "StepsJson") VALUES {string.Join(", ", samples)};
            INSERT INTO "MinuteRollups" ("ServerId", "BucketStart", "Count", "Failures", "MinMs", "AvgMs", "MaxMs", "P50Ms", "P95Ms")
                VALUES ({server.Id}, {Start}, 6, 1, 3.14159, 12.5, 40.49, NULL, 38.7);
            INSERT INTO "HourRollups" ("ServerId", "BucketStart", "Count", "Failures", "MinMs", "AvgMs", "MaxMs", "P50Ms", "P95Ms")
                VALUES ({server.Id}, {Start}, 360, 2, 0.26, 15.5, 340.2, 14.44, 300.6);
            """);
        return server.Id;
    }

    private static async Task AssertConvertedAsync(DbConnection connection, int serverId, int expectedSamples)
    {
        if (connection.State != System.Data.ConnectionState.Open)
            await connection.OpenAsync();
        var samples = await RowsAsync(connection, """SELECT "At", "Succeeded", "LatencyMs", "FailureKind" FROM "ProbeSamples" ORDER BY "At" """);
        Assert.Equal(expectedSamples, samples.Count);
        Assert.Equal([Start, true, 12.5, null], Normalize(samples[0]));
        Assert.Equal([Start + TimeSpan.TicksPerSecond * 10, false, 5000.0, "Timeout"], Normalize(samples[1]));

        var minute = await RowsAsync(connection, $"""SELECT "ServerId", "Bucket", "Count", "Failures", "MinMs", "AvgMs", "MaxMs", "P50Ms", "P95Ms" FROM "MinuteRollups" """);
        Assert.Equal([(long)serverId, Start / TimeSpan.TicksPerMinute, 6L, 1L, 3.1, 13.0, 40.0, null, 39.0], Normalize(Assert.Single(minute)));
        var hour = await RowsAsync(connection, $"""SELECT "ServerId", "Bucket", "Count", "Failures", "MinMs", "AvgMs", "MaxMs", "P50Ms", "P95Ms" FROM "HourRollups" """);
        Assert.Equal([(long)serverId, Start / TimeSpan.TicksPerHour, 360L, 2L, 0.3, 16.0, 340.0, 14.0, 301.0], Normalize(Assert.Single(hour)));
    }

    private static object?[] Normalize(object?[] row) => [.. row.Select(v => v switch
    {
        int i => (long)i,
        float f => (double)f,
        _ => v,
    })];

    private static async Task<int> ScalarAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<List<object?[]>> RowsAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                // SQLite hands back integers for Succeeded and for latencies stored as whole numbers.
                var name = reader.GetName(i);
                row[i] = reader.IsDBNull(i) ? null
                    : name == "Succeeded" ? reader.GetBoolean(i)
                    : name.EndsWith("Ms", StringComparison.Ordinal) ? reader.GetDouble(i)
                    : name == "FailureKind" ? reader.GetString(i)
                    : reader.GetInt64(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
