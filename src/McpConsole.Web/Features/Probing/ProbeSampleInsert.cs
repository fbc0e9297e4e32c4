using System.Data;
using System.Data.Common;
using McpConsole.Web.Infrastructure.Storage;

namespace McpConsole.Web.Features.Probing;

/// <summary>
/// The ingest hot path: one prepared insert of a raw sample, created once per connection (SQLite or PostgreSQL), its
/// typed parameters re-bound per row, run inside the caller's batch transaction. Samples of a server deleted meanwhile
/// are skipped, and a second sample of one server at the same tick is ignored rather than failing the batch.
/// ProbeResultWriter and the metrics benchmark both write through it.
/// </summary>
public sealed class ProbeSampleInsert : IDisposable
{
    private readonly DbCommand _command;
    private readonly DbParameter _serverId;
    private readonly DbParameter _at;
    private readonly DbParameter _succeeded;
    private readonly DbParameter _latencyMs;
    private readonly DbParameter _failureKind;

    public ProbeSampleInsert(DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _command = connection.CreateCommand();
        _command.CommandText = """
            INSERT INTO "ProbeSamples" ("ServerId", "At", "Succeeded", "LatencyMs", "FailureKind")
            SELECT @id, @at, @ok, @latency, @kind WHERE EXISTS (SELECT 1 FROM "Servers" WHERE "Id" = @id)
            ON CONFLICT ("ServerId", "At") DO NOTHING
            """;
        _serverId = _command.AddParameter("@id", DbType.Int32);
        _at = _command.AddParameter("@at", DbType.Int64);
        _succeeded = _command.AddParameter("@ok", DbType.Boolean);
        _latencyMs = _command.AddParameter("@latency", DbType.Double);
        _failureKind = _command.AddParameter("@kind", DbType.String);
        _command.Prepare();
    }

    public DbTransaction? Transaction
    {
        set => _command.Transaction = value;
    }

    /// <summary>Writes one sample; <paramref name="atTicks"/> is UTC ticks.</summary>
    public void Add(int serverId, long atTicks, bool succeeded, double latencyMs, string? failureKind)
    {
        _serverId.Value = serverId;
        _at.Value = atTicks;
        _succeeded.Value = succeeded;
        _latencyMs.Value = latencyMs;
        _failureKind.Value = (object?)failureKind ?? DBNull.Value;
        _command.ExecuteNonQuery();
    }

    public void Dispose() => _command.Dispose();
}
