using McpConsole.Web.Features.Fleet;
using McpConsole.Web.Features.Metrics;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace McpConsole.Web.Tests.Metrics;

/// <summary>A real console database (all migrations) in a temporary file, with helpers to add servers and raw samples.</summary>
public sealed class MetricsStore : IAsyncDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "mcpconsole-tests", "metrics-" + Guid.NewGuid().ToString("N")[..10]);

    private MetricsStore()
    {
        Directory.CreateDirectory(_directory);
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(_directory, "console.db"), Pooling = false }.ToString();
        Database = new MetricsDatabase(ConnectionString);
    }

    public string ConnectionString { get; }
    public MetricsDatabase Database { get; }

    public static async Task<MetricsStore> CreateAsync()
    {
        var store = new MetricsStore();
        await using var db = store.Context();
        await db.Database.OpenConnectionAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA auto_vacuum=INCREMENTAL; PRAGMA journal_mode=WAL;");
        await db.Database.MigrateAsync();
        return store;
    }

    public ConsoleDbContext Context() => new(new DbContextOptionsBuilder<ConsoleDbContext>().UseSqlite(ConnectionString).Options);

    public async Task<int> AddServerAsync(string name)
    {
        await using var db = Context();
        var server = new McpServer { Name = name, Transport = "StreamableHttp", Url = "http://127.0.0.1:1/mcp" };
        db.Servers.Add(server);
        await db.SaveChangesAsync();
        return server.Id;
    }

    /// <summary>Inserts raw samples: (at, succeeded, latency ms).</summary>
    public async Task AddSamplesAsync(int serverId, params (DateTimeOffset At, bool Ok, double Ms)[] samples)
    {
        await using var connection = await Database.OpenAsync();
        await using var tx = connection.BeginTransaction();
        await using var insert = connection.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = "INSERT INTO ProbeSamples (ServerId, At, Succeeded, LatencyMs) VALUES ($id, $at, $ok, $ms)";
        var id = insert.AddParameter("$id", 0);
        var at = insert.AddParameter("$at", 0L);
        var ok = insert.AddParameter("$ok", true);
        var ms = insert.AddParameter("$ms", 0.0);
        foreach (var s in samples)
        {
            id.Value = serverId;
            at.Value = s.At.UtcTicks;
            ok.Value = s.Ok;
            ms.Value = s.Ms;
            await insert.ExecuteNonQueryAsync();
        }

        await tx.CommitAsync();
    }

    public async Task AddEventAsync(int serverId, DateTimeOffset at, string from, string to, string reason)
    {
        await using var db = Context();
        db.Set<Features.Probing.StateEvent>().Add(new() { ServerId = serverId, At = at, FromState = from, ToState = to, Reason = reason });
        await db.SaveChangesAsync();
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = await Database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public async ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); }
        catch (IOException) { }
        await Task.CompletedTask;
    }
}
