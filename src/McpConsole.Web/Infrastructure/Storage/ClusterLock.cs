using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace McpConsole.Web.Infrastructure.Storage;

/// <summary>
/// Work that must run on one console instance at a time. PostgreSQL mode: a session advisory lock held on a connection
/// of its own, outside the pool, so closing it (or the holder dying) always releases the lock. SQLite mode has one
/// instance (the data-directory lock), so the lock is always granted.
/// </summary>
public sealed class ClusterLock(ConsoleDatabase database)
{
    /// <summary>The lock, to dispose when done; null when another instance holds it right now.</summary>
    public async Task<IAsyncDisposable?> TryAcquireAsync(string name, CancellationToken ct)
    {
        if (!database.IsPostgres)
            return Granted.Instance;
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ToString());
        try
        {
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
            command.Parameters.AddWithValue("key", Key(name));
            if ((bool)(await command.ExecuteScalarAsync(ct))!)
                return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        return null;
    }

    private static long Key(string name) => BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("mcpconsole:" + name)), 0);

    private sealed class Granted : IAsyncDisposable
    {
        public static readonly Granted Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
