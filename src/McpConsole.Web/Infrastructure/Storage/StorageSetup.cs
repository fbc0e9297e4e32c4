using McpConsole.Web.Infrastructure.Storage.Postgres;
using Microsoft.Data.Sqlite;
using McpConsole.Web.Infrastructure.Storage.CompiledModel;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace McpConsole.Web.Infrastructure.Storage;

public static class StorageSetup
{
    public const string DatabaseFileName = "console.db";

    public static string ConnectionString(DataDirectory dataDirectory) =>
        new SqliteConnectionStringBuilder { DataSource = dataDirectory.File(DatabaseFileName), Pooling = true }.ToString();

    public static IHostApplicationBuilder AddStorage(this IHostApplicationBuilder builder, DataDirectory dataDirectory)
    {
        var options = DatabaseOptions.From(builder.Configuration);
        // One context per operation: Blazor Server circuits are long-lived and concurrent.
        if (options.Provider == DatabaseProvider.Postgres)
        {
            var connectionString = options.ConnectionString!;
            builder.Services.AddSingleton(ConsoleDatabase.Postgres(connectionString));
            builder.Services.AddDbContextFactory<ConsoleDbContext, PostgresContextFactory>(o => o.UseNpgsql(connectionString).ConfigureWarnings(SkipModelDiff));
        }
        else
        {
            var connectionString = ConnectionString(dataDirectory);
            builder.Services.AddSingleton(ConsoleDatabase.Sqlite(connectionString));
            builder.Services.AddDbContextFactory<ConsoleDbContext>(o => o
                .UseSqlite(connectionString)
                .UseModel(ConsoleDbContextModel.Instance)
                .AddInterceptors(new SqlitePragmas())
                .ConfigureWarnings(SkipModelDiff));
        }

        builder.Services.AddSingleton<ClusterLock>();
        return builder;
    }

    /// <summary>
    /// Migrate would compare the model with the last migration's snapshot at every start (a costly model diff) only to warn;
    /// PostgresModelTests fails the build instead when either provider's migrations lag the model.
    /// </summary>
    private static void SkipModelDiff(WarningsConfigurationBuilder warnings) => warnings.Ignore(RelationalEventId.PendingModelChangesWarning);

    /// <summary>
    /// Applies pending migrations (SQLite: prepares the file first: WAL, incremental auto-vacuum). On PostgreSQL,
    /// EF Core's migration lock makes instances that start together migrate one after the other.
    /// Each migration commits with its history row in one transaction, so a start killed mid-migration leaves the
    /// schema at the last migration boundary and this finishes the rest. Returns what it found of such a start (null: nothing).
    /// </summary>
    public static async Task<string?> MigrateDatabaseAsync(this IServiceProvider services, CancellationToken ct)
    {
        var factory = services.GetRequiredService<IDbContextFactory<ConsoleDbContext>>();
        await using var db = await factory.CreateDbContextAsync(ct);
        string? interrupted = null;
        if (db.Database.IsSqlite())
        {
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync(ct);
            await using var command = connection.CreateCommand();
            // auto_vacuum only takes effect on an empty file, so it is set before the first migration creates tables.
            command.CommandText = "PRAGMA auto_vacuum=INCREMENTAL; PRAGMA journal_mode=WAL;";
            await command.ExecuteNonQueryAsync(ct);
            if (await RemoveStaleMigrationLockAsync(connection, ct))
            {
                var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
                interrupted = $"the previous start was killed while it migrated the database; its migration lock was removed and "
                    + (pending.Count == 0 ? "no migration was pending" : $"the {pending.Count} pending migration(s) were applied ({string.Join(", ", pending)})");
            }
        }

        await db.Database.MigrateAsync(ct);
        return interrupted;
    }

    /// <summary>
    /// EF Core's SQLite migration lock is a row in "__EFMigrationsLock", deleted when migrating ends. A start killed while
    /// migrating leaves it, and every later start would wait for it forever. In SQLite mode this process holds the data
    /// directory alone (<see cref="DataDirectory"/>), so a lock row found before migrating is always stale.
    /// </summary>
    private static async Task<bool> RemoveStaleMigrationLockAsync(System.Data.Common.DbConnection connection, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsLock'";
        if (Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) == 0)
            return false;
        command.CommandText = "DELETE FROM \"__EFMigrationsLock\"";
        return await command.ExecuteNonQueryAsync(ct) > 0;
    }
}
