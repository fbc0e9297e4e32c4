using System.Data.Common;
using McpConsole.TestSupport;
using McpConsole.Web.Tests.ScaleOut;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace McpConsole.Web.Tests.Probing;

/// <summary>A console started on SQLite or on a fresh PostgreSQL database, and plain SQL against that database.</summary>
internal sealed class ConsoleOnDatabase : IAsyncDisposable
{
    private ConsoleOnDatabase(string provider, ConsoleAppFactory factory, string connectionString)
    {
        Provider = provider;
        Factory = factory;
        ConnectionString = connectionString;
    }

    public string Provider { get; }
    public ConsoleAppFactory Factory { get; }
    public string ConnectionString { get; }

    public static async Task<ConsoleOnDatabase> StartAsync(string provider, ScaleOutCluster cluster, Dictionary<string, string> settings)
    {
        if (provider == "Postgres")
        {
            var cs = await cluster.CreateDatabaseAsync();
            foreach (var (key, value) in ScaleOutCluster.Settings(cs, "hostile-" + Guid.NewGuid().ToString("N")[..6]))
                settings.TryAdd(key, value);
            var pg = new ConsoleAppFactory { Settings = settings };
            _ = pg.Services;
            return new ConsoleOnDatabase(provider, pg, cs);
        }

        var sqlite = new ConsoleAppFactory { Settings = settings };
        _ = sqlite.Services;
        return new ConsoleOnDatabase(provider, sqlite, $"Data Source={Path.Combine(sqlite.DataDirectory, "console.db")};Pooling=false");
    }

    public HttpClient Admin() => ScaleOutCluster.Api(Factory);

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public async Task<object?> ScalarAsync(string sql, int serverId)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "id";
        parameter.Value = serverId;
        command.Parameters.Add(parameter);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }

    /// <summary>Makes the database refuse every insert into a table (a trigger that raises), until <see cref="AllowInsertsAsync"/>.</summary>
    public Task RefuseInsertsAsync(string table) => ExecuteAsync(Provider == "Postgres"
        ? $"""
           CREATE OR REPLACE FUNCTION refuse_for_test() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$;
           CREATE TRIGGER refuse_for_test BEFORE INSERT ON "{table}" FOR EACH ROW EXECUTE FUNCTION refuse_for_test();
           """
        : $"""CREATE TRIGGER refuse_for_test BEFORE INSERT ON "{table}" BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;""");

    public Task AllowInsertsAsync(string table) =>
        ExecuteAsync(Provider == "Postgres" ? $"""DROP TRIGGER refuse_for_test ON "{table}";""" : "DROP TRIGGER refuse_for_test;");

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
    }

    private async Task<DbConnection> OpenAsync()
    {
        DbConnection connection = Provider == "Postgres" ? new NpgsqlConnection(ConnectionString) : new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public static Task WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout, string what) => WaitForAsync(condition, timeout, () => what);

    public static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> what)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"Timed out after {timeout.TotalSeconds:0} s waiting for {what()}");
            await Task.Delay(100);
        }
    }
}
