using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace McpConsole.Web.Infrastructure.Storage.Migrations
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
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Scope = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CpuCoreHour = table.Column<decimal>(type: "TEXT", nullable: false),
                    GbHour = table.Column<decimal>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CostPrices", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CostSettings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    DailyThreshold = table.Column<decimal>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CostSettings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RecommendationDecisions",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    ServerId = table.Column<int>(type: "INTEGER", nullable: false),
                    SnoozedUntil = table.Column<long>(type: "INTEGER", nullable: true),
                    Dismissed = table.Column<bool>(type: "INTEGER", nullable: false),
                    DecidedBy = table.Column<string>(type: "TEXT", nullable: false),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: false)
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
                    ServerId = table.Column<int>(type: "INTEGER", nullable: false),
                    BucketStart = table.Column<long>(type: "INTEGER", nullable: false),
                    KnownSeconds = table.Column<double>(type: "REAL", nullable: false),
                    UsedCpuCoreSeconds = table.Column<double>(type: "REAL", nullable: false),
                    BilledCpuCoreSeconds = table.Column<double>(type: "REAL", nullable: false),
                    UsedMemoryMbSeconds = table.Column<double>(type: "REAL", nullable: false),
                    BilledMemoryMbSeconds = table.Column<double>(type: "REAL", nullable: false),
                    Requests = table.Column<long>(type: "INTEGER", nullable: true),
                    Samples = table.Column<int>(type: "INTEGER", nullable: false),
                    PeakCpuCores = table.Column<double>(type: "REAL", nullable: false),
                    PeakMemoryMb = table.Column<double>(type: "REAL", nullable: false)
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
                    ServerId = table.Column<int>(type: "INTEGER", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    CpuCores = table.Column<double>(type: "REAL", nullable: true),
                    MemoryMb = table.Column<double>(type: "REAL", nullable: true),
                    Requests = table.Column<long>(type: "INTEGER", nullable: true)
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
                    ServerId = table.Column<int>(type: "INTEGER", nullable: false),
                    MetricsUrl = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
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
