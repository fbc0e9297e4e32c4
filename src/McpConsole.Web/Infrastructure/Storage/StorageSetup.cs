using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace McpConsole.Web.Infrastructure.Storage;

public static class StorageSetup
{
    public const string DatabaseFileName = "console.db";

    public static string ConnectionString(DataDirectory dataDirectory) =>
        new SqliteConnectionStringBuilder { DataSource = dataDirectory.File(DatabaseFileName), Pooling = true }.ToString();

    public static IHostApplicationBuilder AddStorage(this IHostApplicationBuilder builder, DataDirectory dataDirectory)
    {
        var connectionString = ConnectionString(dataDirectory);
        // One context per operation: Blazor Server circuits are long-lived and concurrent.
        builder.Services.AddDbContextFactory<ConsoleDbContext>(o => o
            .UseSqlite(connectionString)
            .AddInterceptors(new SqlitePragmas()));
        return builder;
    }

    /// <summary>Prepares the file (WAL, incremental auto-vacuum) and applies pending migrations.</summary>
    public static async Task MigrateDatabaseAsync(this IServiceProvider services, CancellationToken ct)
    {
        var factory = services.GetRequiredService<IDbContextFactory<ConsoleDbContext>>();
        await using var db = await factory.CreateDbContextAsync(ct);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(ct);
        await using (var command = connection.CreateCommand())
        {
            // auto_vacuum only takes effect on an empty file, so it is set before the first migration creates tables.
            command.CommandText = "PRAGMA auto_vacuum=INCREMENTAL; PRAGMA journal_mode=WAL;";
            await command.ExecuteNonQueryAsync(ct);
        }
        await db.Database.MigrateAsync(ct);
    }
}
