using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace McpConsole.Web.Infrastructure.Storage.Migrations
{
    /// <inheritdoc />
    public partial class MetricsRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AvailabilityTargets",
                columns: table => new
                {
                    ServerId = table.Column<int>(type: "INTEGER", nullable: false),
                    TargetPercent = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AvailabilityTargets", x => x.ServerId);
                    table.ForeignKey(
                        name: "FK_AvailabilityTargets_Servers_ServerId",
                        column: x => x.ServerId,
                        principalTable: "Servers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "HourRollups",
                columns: table => new
                {
                    ServerId = table.Column<int>(type: "INTEGER", nullable: false),
                    BucketStart = table.Column<long>(type: "INTEGER", nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false),
                    Failures = table.Column<int>(type: "INTEGER", nullable: false),
                    MinMs = table.Column<double>(type: "REAL", nullable: true),
                    AvgMs = table.Column<double>(type: "REAL", nullable: true),
                    MaxMs = table.Column<double>(type: "REAL", nullable: true),
                    P50Ms = table.Column<double>(type: "REAL", nullable: true),
                    P95Ms = table.Column<double>(type: "REAL", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HourRollups", x => new { x.ServerId, x.BucketStart });
                    table.ForeignKey(
                        name: "FK_HourRollups_Servers_ServerId",
                        column: x => x.ServerId,
                        principalTable: "Servers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MinuteRollups",
                columns: table => new
                {
                    ServerId = table.Column<int>(type: "INTEGER", nullable: false),
                    BucketStart = table.Column<long>(type: "INTEGER", nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false),
                    Failures = table.Column<int>(type: "INTEGER", nullable: false),
                    MinMs = table.Column<double>(type: "REAL", nullable: true),
                    AvgMs = table.Column<double>(type: "REAL", nullable: true),
                    MaxMs = table.Column<double>(type: "REAL", nullable: true),
                    P50Ms = table.Column<double>(type: "REAL", nullable: true),
                    P95Ms = table.Column<double>(type: "REAL", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MinuteRollups", x => new { x.ServerId, x.BucketStart });
                    table.ForeignKey(
                        name: "FK_MinuteRollups_Servers_ServerId",
                        column: x => x.ServerId,
                        principalTable: "Servers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RollupWatermarks",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    UpTo = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RollupWatermarks", x => x.Name);
                });

            migrationBuilder.CreateIndex(
                name: "IX_HourRollups_BucketStart",
                table: "HourRollups",
                column: "BucketStart");

            migrationBuilder.CreateIndex(
                name: "IX_MinuteRollups_BucketStart",
                table: "MinuteRollups",
                column: "BucketStart");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AvailabilityTargets");

            migrationBuilder.DropTable(
                name: "HourRollups");

            migrationBuilder.DropTable(
                name: "MinuteRollups");

            migrationBuilder.DropTable(
                name: "RollupWatermarks");
        }
    }
}
