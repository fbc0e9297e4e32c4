using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace McpConsole.Web.Infrastructure.Storage.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class CatchUp : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "TransitionCommand",
                table: "FailoverGroups",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TransitionCommandArgumentsJson",
                table: "FailoverGroups",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "TransitionCommandTimeoutSeconds",
                table: "FailoverGroups",
                type: "integer",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "TransitionCommand",
                table: "FailoverGroups");

            migrationBuilder.DropColumn(
                name: "TransitionCommandArgumentsJson",
                table: "FailoverGroups");

            migrationBuilder.DropColumn(
                name: "TransitionCommandTimeoutSeconds",
                table: "FailoverGroups");
        }
    }
}
