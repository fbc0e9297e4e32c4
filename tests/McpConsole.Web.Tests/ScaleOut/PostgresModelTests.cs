using McpConsole.Web.Infrastructure.Storage;
using McpConsole.Web.Infrastructure.Storage.Postgres;
using Microsoft.EntityFrameworkCore;

namespace McpConsole.Web.Tests.ScaleOut;

/// <summary>A model change without a PostgreSQL migration (or a SQLite one) fails here, not on someone's cluster.</summary>
public sealed class PostgresModelTests
{
    [Fact]
    public void PostgresMigrations_CoverTheWholeModel()
    {
        using var db = new PostgresConsoleDbContext(new DbContextOptionsBuilder<ConsoleDbContext>().UseNpgsql("Host=127.0.0.1;Database=unused").Options);
        Assert.False(db.Database.HasPendingModelChanges(),
            "The model changed without a PostgreSQL migration: cd src/McpConsole.Web && dotnet ef migrations add <Name> --context PostgresConsoleDbContext -o Infrastructure/Storage/Postgres/Migrations");
    }

    [Fact]
    public void SqliteMigrations_CoverTheWholeModel()
    {
        using var db = new ConsoleDbContext(new DbContextOptionsBuilder<ConsoleDbContext>().UseSqlite("Data Source=:memory:").Options);
        Assert.False(db.Database.HasPendingModelChanges(),
            "The model changed without a SQLite migration: cd src/McpConsole.Web && dotnet ef migrations add <Name> --context ConsoleDbContext -o Infrastructure/Storage/Migrations");
    }
}
