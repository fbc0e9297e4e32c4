using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace McpConsole.Web.Infrastructure.Storage;

/// <summary>
/// Failures that say the database cannot store anything right now (as opposed to refusing one row): SQLite's disk full,
/// I/O error, read-only or cannot-open file; PostgreSQL's insufficient resources (disk full, out of memory, too many
/// connections), connection loss and shutdown. The probe writer keeps its batch through these instead of dropping it; the alert book
/// does not mistake them for a lost race; an API key that cannot be checked gets 503, not a crashed request.
/// </summary>
public static class StorageUnavailable
{
    private const int SqliteIoErr = 10;
    private const int SqliteFull = 13;
    private const int SqliteCantOpen = 14;
    private const int SqliteReadOnly = 8;

    public static bool Is(Exception? ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException sqlite when (sqlite.SqliteErrorCode & 0xFF) is SqliteFull or SqliteIoErr or SqliteCantOpen or SqliteReadOnly:
                    return true;
                case PostgresException pg when pg.SqlState.StartsWith("53", StringComparison.Ordinal)
                    || pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState.StartsWith("57P", StringComparison.Ordinal):
                    return true;
                case PostgresException:
                    return false; // the server answered: it refused this statement
                case NpgsqlException or SocketException or TimeoutException:
                    return true;
            }
        }

        return false;
    }
}
