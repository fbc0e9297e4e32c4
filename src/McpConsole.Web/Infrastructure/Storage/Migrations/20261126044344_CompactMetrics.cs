using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace McpConsole.Web.Infrastructure.Storage.Migrations
{
    /// <summary>
    /// SQLite: raw samples become one narrow WITHOUT ROWID b-tree keyed by (ServerId, At) (no rowid, no covering index,
    /// no per-sample step JSON), and the roll-up tables WITHOUT ROWID b-trees keyed by (ServerId, Bucket) with the
    /// bucket as a number (UTC ticks / bucket length) and latencies rounded as StoredLatency does (small integers on
    /// disk), without the separate BucketStart index. EF cannot express WITHOUT ROWID, so the tables are rebuilt here;
    /// every existing sample and roll-up row is converted. PostgreSQL has its own migration of the same name.
    /// </summary>
    public partial class CompactMetrics : Migration
    {
        private const long MinuteTicks = 600_000_000;
        private const long HourTicks = 36_000_000_000;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE "ProbeSamples_compact" (
                    "ServerId" INTEGER NOT NULL,
                    "At" INTEGER NOT NULL,
                    "Succeeded" INTEGER NOT NULL,
                    "LatencyMs" REAL NOT NULL,
                    "FailureKind" TEXT NULL,
                    CONSTRAINT "PK_ProbeSamples" PRIMARY KEY ("ServerId", "At"),
                    CONSTRAINT "FK_ProbeSamples_Servers_ServerId" FOREIGN KEY ("ServerId") REFERENCES "Servers" ("Id") ON DELETE CASCADE
                ) WITHOUT ROWID;
                INSERT OR IGNORE INTO "ProbeSamples_compact" ("ServerId", "At", "Succeeded", "LatencyMs", "FailureKind")
                    SELECT "ServerId", "At", "Succeeded", "LatencyMs", "FailureKind" FROM "ProbeSamples" ORDER BY "ServerId", "At";
                DROP TABLE "ProbeSamples";
                ALTER TABLE "ProbeSamples_compact" RENAME TO "ProbeSamples";
                """);
            migrationBuilder.Sql(CompactRollups("MinuteRollups", MinuteTicks));
            migrationBuilder.Sql(CompactRollups("HourRollups", HourTicks));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE "ProbeSamples_rowid" (
                    "Id" INTEGER NOT NULL CONSTRAINT "PK_ProbeSamples" PRIMARY KEY AUTOINCREMENT,
                    "ServerId" INTEGER NOT NULL,
                    "At" INTEGER NOT NULL,
                    "Succeeded" INTEGER NOT NULL,
                    "LatencyMs" REAL NOT NULL,
                    "FailureKind" TEXT NULL,
                    "StepsJson" TEXT NULL,
                    CONSTRAINT "FK_ProbeSamples_Servers_ServerId" FOREIGN KEY ("ServerId") REFERENCES "Servers" ("Id") ON DELETE CASCADE
                );
                INSERT INTO "ProbeSamples_rowid" ("ServerId", "At", "Succeeded", "LatencyMs", "FailureKind")
                    SELECT "ServerId", "At", "Succeeded", "LatencyMs", "FailureKind" FROM "ProbeSamples" ORDER BY "At";
                DROP TABLE "ProbeSamples";
                ALTER TABLE "ProbeSamples_rowid" RENAME TO "ProbeSamples";
                CREATE INDEX "IX_ProbeSamples_ServerId_At_Succeeded_LatencyMs" ON "ProbeSamples" ("ServerId", "At", "Succeeded", "LatencyMs");
                """);
            migrationBuilder.Sql(RowidRollups("MinuteRollups", MinuteTicks));
            migrationBuilder.Sql(RowidRollups("HourRollups", HourTicks));
        }

        private static string CompactRollups(string table, long bucketTicks) => $"""
            CREATE TABLE "{table}_compact" (
                "ServerId" INTEGER NOT NULL,
                "Bucket" INTEGER NOT NULL,
                "Count" INTEGER NOT NULL,
                "Failures" INTEGER NOT NULL,
                "MinMs" REAL NULL,
                "AvgMs" REAL NULL,
                "MaxMs" REAL NULL,
                "P50Ms" REAL NULL,
                "P95Ms" REAL NULL,
                CONSTRAINT "PK_{table}" PRIMARY KEY ("ServerId", "Bucket"),
                CONSTRAINT "FK_{table}_Servers_ServerId" FOREIGN KEY ("ServerId") REFERENCES "Servers" ("Id") ON DELETE CASCADE
            ) WITHOUT ROWID;
            INSERT INTO "{table}_compact" ("ServerId", "Bucket", "Count", "Failures", "MinMs", "AvgMs", "MaxMs", "P50Ms", "P95Ms")
                SELECT "ServerId", "BucketStart" / {bucketTicks}, "Count", "Failures", {Round("MinMs")}, {Round("AvgMs")}, {Round("MaxMs")}, {Round("P50Ms")}, {Round("P95Ms")}
                FROM "{table}" ORDER BY "ServerId", "BucketStart";
            DROP TABLE "{table}";
            ALTER TABLE "{table}_compact" RENAME TO "{table}";
            """;

        private static string RowidRollups(string table, long bucketTicks) => $"""
            CREATE TABLE "{table}_rowid" (
                "ServerId" INTEGER NOT NULL,
                "BucketStart" INTEGER NOT NULL,
                "Count" INTEGER NOT NULL,
                "Failures" INTEGER NOT NULL,
                "MinMs" REAL NULL,
                "AvgMs" REAL NULL,
                "MaxMs" REAL NULL,
                "P50Ms" REAL NULL,
                "P95Ms" REAL NULL,
                CONSTRAINT "PK_{table}" PRIMARY KEY ("ServerId", "BucketStart"),
                CONSTRAINT "FK_{table}_Servers_ServerId" FOREIGN KEY ("ServerId") REFERENCES "Servers" ("Id") ON DELETE CASCADE
            );
            INSERT INTO "{table}_rowid" SELECT "ServerId", "Bucket" * {bucketTicks}, "Count", "Failures", "MinMs", "AvgMs", "MaxMs", "P50Ms", "P95Ms" FROM "{table}";
            DROP TABLE "{table}";
            ALTER TABLE "{table}_rowid" RENAME TO "{table}";
            CREATE INDEX "IX_{table}_BucketStart" ON "{table}" ("BucketStart");
            """;

        /// <summary>The SQL of StoredLatency.Round: whole ms from 10 ms up, tenths below.</summary>
        private static string Round(string column) =>
            $"CASE WHEN \"{column}\" >= 10 THEN ROUND(\"{column}\") ELSE ROUND(\"{column}\", 1) END";
    }
}
