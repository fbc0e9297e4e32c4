using McpConsole.Web.Infrastructure;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.Data.Sqlite;

namespace McpConsole.Web.Features.Metrics;

/// <summary>
/// Opens plain Microsoft.Data.Sqlite connections on the console database for the metrics hot paths (roll-ups,
/// retention, chart queries): prepared statements over covering indexes, no change tracking.
/// </summary>
public sealed class MetricsDatabase(string connectionString)
{
    public MetricsDatabase(DataDirectory dataDirectory) : this(StorageSetup.ConnectionString(dataDirectory))
    {
    }

    public async Task<SqliteConnection> OpenAsync(CancellationToken ct = default)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = SqlitePragmas.PerConnection;
        await pragma.ExecuteNonQueryAsync(ct);
        return connection;
    }
}

internal static class SqliteCommands
{
    public static SqliteCommand Command(this SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    public static double? NullableDouble(this SqliteDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetDouble(i);
}
