using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace McpConsole.Web.Infrastructure.Storage.Migrations
{
    /// <inheritdoc />
    public partial class FailoverGroups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "FailoverGroups",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    PreferredPrimaryId = table.Column<int>(type: "INTEGER", nullable: false),
                    ActiveServerId = table.Column<int>(type: "INTEGER", nullable: false),
                    Epoch = table.Column<long>(type: "INTEGER", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    PrimaryFailures = table.Column<int>(type: "INTEGER", nullable: false),
                    StateSince = table.Column<long>(type: "INTEGER", nullable: false),
                    CheckIntervalSeconds = table.Column<int>(type: "INTEGER", nullable: false),
                    FailuresBeforeFailover = table.Column<int>(type: "INTEGER", nullable: false),
                    TimeoutMs = table.Column<int>(type: "INTEGER", nullable: false),
                    AutomaticFailback = table.Column<bool>(type: "INTEGER", nullable: false),
                    StableChecksBeforeEligible = table.Column<int>(type: "INTEGER", nullable: false),
                    WebhookUrl = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    LastCheckedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    NextCheckAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FailoverGroups", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "FailoverEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    GroupId = table.Column<int>(type: "INTEGER", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Epoch = table.Column<long>(type: "INTEGER", nullable: false),
                    ServerId = table.Column<int>(type: "INTEGER", nullable: true),
                    ServerName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Trigger = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Message = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Critical = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FailoverEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FailoverEvents_FailoverGroups_GroupId",
                        column: x => x.GroupId,
                        principalTable: "FailoverGroups",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "FailoverMembers",
                columns: table => new
                {
                    GroupId = table.Column<int>(type: "INTEGER", nullable: false),
                    ServerId = table.Column<int>(type: "INTEGER", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Healthy = table.Column<bool>(type: "INTEGER", nullable: false),
                    ConsecutiveSuccesses = table.Column<int>(type: "INTEGER", nullable: false),
                    NeedsFencing = table.Column<bool>(type: "INTEGER", nullable: false),
                    WasPrimary = table.Column<bool>(type: "INTEGER", nullable: false),
                    LastCheckedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FailoverMembers", x => new { x.GroupId, x.ServerId });
                    table.ForeignKey(
                        name: "FK_FailoverMembers_FailoverGroups_GroupId",
                        column: x => x.GroupId,
                        principalTable: "FailoverGroups",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_FailoverMembers_Servers_ServerId",
                        column: x => x.ServerId,
                        principalTable: "Servers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_FailoverEvents_GroupId_At",
                table: "FailoverEvents",
                columns: new[] { "GroupId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_FailoverGroups_Name",
                table: "FailoverGroups",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_FailoverMembers_ServerId",
                table: "FailoverMembers",
                column: "ServerId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FailoverEvents");

            migrationBuilder.DropTable(
                name: "FailoverMembers");

            migrationBuilder.DropTable(
                name: "FailoverGroups");
        }
    }
}
