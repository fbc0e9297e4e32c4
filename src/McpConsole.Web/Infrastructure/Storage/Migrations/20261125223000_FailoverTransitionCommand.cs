using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace McpConsole.Web.Infrastructure.Storage.Migrations
{
    /// <inheritdoc />
    public partial class FailoverTransitionCommand : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "TransitionCommand",
                table: "FailoverGroups",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TransitionCommandArgumentsJson",
                table: "FailoverGroups",
                type: "TEXT",
                nullable: true);

            // Existing groups get the entity's default timeout.
            migrationBuilder.AddColumn<int>(
                name: "TransitionCommandTimeoutSeconds",
                table: "FailoverGroups",
                type: "INTEGER",
                nullable: false,
                defaultValue: 30);
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
