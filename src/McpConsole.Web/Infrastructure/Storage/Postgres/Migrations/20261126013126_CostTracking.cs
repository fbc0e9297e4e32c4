using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace McpConsole.Web.Infrastructure.Storage.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class CostTracking : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CostPrices",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Scope = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CpuCoreHour = table.Column<decimal>(type: "numeric", nullable: false),
                    GbHour = table.Column<decimal>(type: "numeric", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CostPrices", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CostSettings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    Currency = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    DailyThreshold = table.Column<decimal>(type: "numeric", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CostSettings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RecommendationDecisions",
                columns: table => new
                {
                    Key = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    ServerId = table.Column<int>(type: "integer", nullable: false),
                    SnoozedUntil = table.Column<long>(type: "bigint", nullable: true),
                    Dismissed = table.Column<bool>(type: "boolean", nullable: false),
                    DecidedBy = table.Column<string>(type: "text", nullable: false),
                    DecidedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RecommendationDecisions", x => x.Key);
                    table.ForeignKey(
                        name: "FK_RecommendationDecisions_Servers_ServerId",
                        column: x => x.ServerId,
                        principalTable: "Servers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ResourceHours",
                columns: table => new
                {
                    ServerId = table.Column<int>(type: "integer", nullable: false),
                    BucketStart = table.Column<long>(type: "bigint", nullable: false),
                    KnownSeconds = table.Column<double>(type: "double precision", nullable: false),
                    UsedCpuCoreSeconds = table.Column<double>(type: "double precision", nullable: false),
                    BilledCpuCoreSeconds = table.Column<double>(type: "double precision", nullable: false),
                    UsedMemoryMbSeconds = table.Column<double>(type: "double precision", nullable: false),
                    BilledMemoryMbSeconds = table.Column<double>(type: "double precision", nullable: false),
                    Requests = table.Column<long>(type: "bigint", nullable: true),
                    Samples = table.Column<int>(type: "integer", nullable: false),
                    PeakCpuCores = table.Column<double>(type: "double precision", nullable: false),
                    PeakMemoryMb = table.Column<double>(type: "double precision", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ResourceHours", x => new { x.ServerId, x.BucketStart });
                    table.ForeignKey(
                        name: "FK_ResourceHours_Servers_ServerId",
                        column: x => x.ServerId,
                        principalTable: "Servers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ResourceSamples",
                columns: table => new
                {
                    ServerId = table.Column<int>(type: "integer", nullable: false),
                    At = table.Column<long>(type: "bigint", nullable: false),
                    CpuCores = table.Column<double>(type: "double precision", nullable: true),
                    MemoryMb = table.Column<double>(type: "double precision", nullable: true),
                    Requests = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ResourceSamples", x => new { x.ServerId, x.At });
                    table.ForeignKey(
                        name: "FK_ResourceSamples_Servers_ServerId",
                        column: x => x.ServerId,
                        principalTable: "Servers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ServerCostSettings",
                columns: table => new
                {
                    ServerId = table.Column<int>(type: "integer", nullable: false),
                    MetricsUrl = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServerCostSettings", x => x.ServerId);
                    table.ForeignKey(
                        name: "FK_ServerCostSettings_Servers_ServerId",
                        column: x => x.ServerId,
                        principalTable: "Servers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CostPrices_Scope_Name",
                table: "CostPrices",
                columns: new[] { "Scope", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RecommendationDecisions_ServerId",
                table: "RecommendationDecisions",
                column: "ServerId");

            migrationBuilder.CreateIndex(
                name: "IX_ResourceHours_BucketStart",
                table: "ResourceHours",
                column: "BucketStart");

            migrationBuilder.CreateIndex(
                name: "IX_ResourceSamples_At",
                table: "ResourceSamples",
                column: "At");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CostPrices");

            migrationBuilder.DropTable(
                name: "CostSettings");

            migrationBuilder.DropTable(
                name: "RecommendationDecisions");

            migrationBuilder.DropTable(
                name: "ResourceHours");

            migrationBuilder.DropTable(
                name: "ResourceSamples");

            migrationBuilder.DropTable(
                name: "ServerCostSettings");
        }
    }
}
