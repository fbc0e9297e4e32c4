using System.Data.Common;
using McpConsole.Web.Infrastructure.Storage;

namespace McpConsole.Web.Features.Metrics;

/// <summary>
/// Plain ADO.NET connections on the console database (SQLite or PostgreSQL) for the metrics hot paths (roll-ups,
/// retention, chart queries): prepared statements over covering indexes, no change tracking.
/// </summary>
public sealed class MetricsDatabase(ConsoleDatabase database)
{
    /// <summary>A SQLite console database (tests and benchmarks).</summary>
    public MetricsDatabase(string sqliteConnectionString) : this(ConsoleDatabase.Sqlite(sqliteConnectionString))
    {
    }

    public bool IsPostgres => database.IsPostgres;

    public Task<DbConnection> OpenAsync(CancellationToken ct = default) => database.OpenAsync(ct);
}
