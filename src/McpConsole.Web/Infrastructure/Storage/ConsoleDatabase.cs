using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace McpConsole.Web.Infrastructure.Storage;

/// <summary>
/// The console database for code that runs plain ADO.NET (batched probe writes, roll-ups, chart queries): which
/// engine it is and fresh connections to it. SQL meant for both engines quotes identifiers ("ProbeSamples") and uses
/// @name parameters; the few differences are behind <see cref="IsPostgres"/>.
/// </summary>
public sealed class ConsoleDatabase
{
    private readonly string _connectionString;

    public ConsoleDatabase(DatabaseProvider provider, string connectionString)
    {
        Provider = provider;
        _connectionString = connectionString;
    }

    public DatabaseProvider Provider { get; }

    public bool IsPostgres => Provider == DatabaseProvider.Postgres;

    /// <summary>The connection string (a secret in PostgreSQL mode: never log it).</summary>
    internal string ConnectionString => _connectionString;

    public static ConsoleDatabase Sqlite(string connectionString) => new(DatabaseProvider.Sqlite, connectionString);

    public static ConsoleDatabase Postgres(string connectionString) => new(DatabaseProvider.Postgres, connectionString);

    /// <summary>An open connection; SQLite connections get the console's per-connection pragmas.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        DbConnection connection = IsPostgres ? new NpgsqlConnection(_connectionString) : new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(ct);
            if (!IsPostgres)
            {
                await using var pragma = connection.CreateCommand();
                pragma.CommandText = SqlitePragmas.PerConnection;
                await pragma.ExecuteNonQueryAsync(ct);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A connection for the probe writer. On SQLite its statement journals stay in memory: every ingest statement is an
    /// INSERT ... SELECT (it writes only where the server still exists), and SQLite saves each page such a statement
    /// changes to a statement journal, by default a temporary file, so one write system call per sample. In memory the
    /// ingest benchmark writes about 1.6 times as many samples per second (docs/benchmarks/metrics.md).
    /// </summary>
    public async Task<DbConnection> OpenForIngestAsync(CancellationToken ct = default)
    {
        var connection = await OpenAsync(ct);
        if (!IsPostgres)
        {
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA temp_store=MEMORY;";
            await pragma.ExecuteNonQueryAsync(ct);
        }

        return connection;
    }
}
