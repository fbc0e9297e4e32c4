using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace McpConsole.Web.Infrastructure.Storage.Postgres;

/// <summary>
/// The console model on PostgreSQL. A separate type only so EF Core keeps a second migration set (Postgres/Migrations)
/// beside the SQLite one; the running console still asks for <see cref="ConsoleDbContext"/> everywhere.
/// </summary>
public sealed class PostgresConsoleDbContext(DbContextOptions options) : ConsoleDbContext(options);

/// <summary>Hands out <see cref="PostgresConsoleDbContext"/> wherever a <see cref="ConsoleDbContext"/> is asked for.</summary>
internal sealed class PostgresContextFactory(DbContextOptions<ConsoleDbContext> options) : IDbContextFactory<ConsoleDbContext>
{
    public ConsoleDbContext CreateDbContext() => new PostgresConsoleDbContext(options);
}

/// <summary>Used only by `dotnet ef migrations add ... --context PostgresConsoleDbContext` (no connection is opened).</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresConsoleDbContext>
{
    public PostgresConsoleDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<ConsoleDbContext>().UseNpgsql("Host=localhost;Database=design_time").Options);
}
