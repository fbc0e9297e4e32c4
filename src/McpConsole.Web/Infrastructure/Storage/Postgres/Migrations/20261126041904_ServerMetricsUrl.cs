using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace McpConsole.Web.Infrastructure.Storage.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ServerMetricsUrl : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "MetricsUrl",
                table: "Servers",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            // The metrics URL moves from the costs table onto the server (the registry edits it with the rest).
            migrationBuilder.Sql("UPDATE \"Servers\" SET \"MetricsUrl\" = (SELECT c.\"MetricsUrl\" FROM \"ServerCostSettings\" c WHERE c.\"ServerId\" = \"Servers\".\"Id\")");

            migrationBuilder.DropTable(
                name: "ServerCostSettings");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "MetricsUrl",
                table: "Servers");

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
        }
    }
}
