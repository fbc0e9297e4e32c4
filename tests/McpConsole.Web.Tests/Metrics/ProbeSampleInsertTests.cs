using McpConsole.Web.Features.Probing;
using McpConsole.Web.Infrastructure.Storage;

namespace McpConsole.Web.Tests.Metrics;

/// <summary>The ingest hot path on the probe writer's own kind of connection.</summary>
public sealed class ProbeSampleInsertTests
{
    [Fact]
    public async Task Batch_WritesSamples_SkipsDeletedServer_IgnoresSecondSampleAtOneTick()
    {
        await using var store = await MetricsStore.CreateAsync();
        var kept = await store.AddServerAsync("kept");
        var deleted = await store.AddServerAsync("deleted");
        await using (var db = store.Context())
        {
            db.Servers.Remove(await db.Servers.FindAsync(deleted) ?? throw new InvalidOperationException());
            await db.SaveChangesAsync();
        }

        await using (var connection = await ConsoleDatabase.Sqlite(store.ConnectionString).OpenForIngestAsync())
        {
            await using var tx = connection.BeginTransaction();
            using var insert = new ProbeSampleInsert(connection) { Transaction = tx };
            insert.Add(kept, 1_000, true, 12.5, null);
            insert.Add(kept, 2_000, false, 5000, "Timeout");
            insert.Add(kept, 2_000, true, 1, null);
            insert.Add(deleted, 1_000, true, 3, null);
            await tx.CommitAsync();
        }

        await using var check = await store.Database.OpenAsync();
        await using var read = check.CreateCommand();
        read.CommandText = """SELECT "ServerId", "At", "Succeeded", "LatencyMs", "FailureKind" FROM "ProbeSamples" ORDER BY "ServerId", "At" """;
        await using var rows = await read.ExecuteReaderAsync();
        var found = new List<string>();
        while (await rows.ReadAsync())
            found.Add($"{rows.GetInt32(0)} {rows.GetInt64(1)} {rows.GetBoolean(2)} {rows.GetDouble(3)} {(rows.IsDBNull(4) ? "-" : rows.GetString(4))}");
        Assert.Equal([$"{kept} 1000 True 12.5 -", $"{kept} 2000 False 5000 Timeout"], found);
    }

    [Fact]
    public async Task IngestConnection_KeepsStatementJournalsInMemory()
    {
        await using var store = await MetricsStore.CreateAsync();
        await using var connection = await ConsoleDatabase.Sqlite(store.ConnectionString).OpenForIngestAsync();
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA temp_store";
        Assert.Equal(2L, await pragma.ExecuteScalarAsync()); // 2 = MEMORY: one write system call per sample otherwise
    }
}
