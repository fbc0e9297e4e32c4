using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace McpConsole.Web.Infrastructure.Storage.Migrations
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
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "SecretArgumentsProtected",
                table: "Servers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WebhookUrlProtected",
                table: "AlertChannels",
                type: "TEXT",
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
