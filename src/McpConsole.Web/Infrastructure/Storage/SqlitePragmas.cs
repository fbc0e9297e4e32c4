using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace McpConsole.Web.Infrastructure.Storage;

/// <summary>
/// Per-connection SQLite settings: wait up to 5 s on a lock instead of failing, fsync less often
/// (safe with WAL: a power loss can lose the last commits, never corrupt the file), and a page cache of up to 16 MiB
/// so the pages a batch of samples for 1,000 servers touches stay in memory (the default 2 MiB holds ~500).
/// temp_store is reset because the probe writer's connection sets it to MEMORY (<see cref="ConsoleDatabase.OpenForIngestAsync"/>)
/// and returns it to the pool. WAL itself is a property of the file and is set once by <see cref="StorageSetup"/>.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    public const string PerConnection = "PRAGMA busy_timeout=5000; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-16384; PRAGMA temp_store=DEFAULT;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = PerConnection;
        command.ExecuteNonQuery();
    }
}
