using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace McpConsole.Web.Infrastructure.Storage.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class SecretsBoundToOrigin : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PassThroughEnvironmentJson",
                table: "Servers",
                type: "text",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "SecretArgumentsProtected",
                table: "Servers",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WebhookUrlProtected",
                table: "AlertChannels",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PassThroughEnvironmentJson",
                table: "Servers");

            migrationBuilder.DropColumn(
                name: "SecretArgumentsProtected",
                table: "Servers");

            migrationBuilder.DropColumn(
                name: "WebhookUrlProtected",
                table: "AlertChannels");
        }
    }
}
