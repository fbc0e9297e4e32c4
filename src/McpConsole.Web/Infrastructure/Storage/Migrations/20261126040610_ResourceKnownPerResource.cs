using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace McpConsole.Web.Infrastructure.Storage.Migrations
{
    /// <inheritdoc />
    public partial class ResourceKnownPerResource : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "AssumedCpuCoreSeconds",
                table: "ResourceHours",
                type: "REAL",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.AddColumn<double>(
                name: "AssumedMemoryMbSeconds",
                table: "ResourceHours",
                type: "REAL",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.AddColumn<double>(
                name: "KnownCpuSeconds",
                table: "ResourceHours",
                type: "REAL",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.AddColumn<double>(
                name: "KnownMemorySeconds",
                table: "ResourceHours",
                type: "REAL",
                nullable: false,
                defaultValue: 0.0);

            // Hours rolled up before: a reading counted only with both CPU and memory, so both were known all along.
            migrationBuilder.Sql("UPDATE \"ResourceHours\" SET \"KnownCpuSeconds\" = \"KnownSeconds\", \"KnownMemorySeconds\" = \"KnownSeconds\"");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AssumedCpuCoreSeconds",
                table: "ResourceHours");

            migrationBuilder.DropColumn(
                name: "AssumedMemoryMbSeconds",
                table: "ResourceHours");

            migrationBuilder.DropColumn(
                name: "KnownCpuSeconds",
                table: "ResourceHours");

            migrationBuilder.DropColumn(
                name: "KnownMemorySeconds",
                table: "ResourceHours");
        }
    }
}
