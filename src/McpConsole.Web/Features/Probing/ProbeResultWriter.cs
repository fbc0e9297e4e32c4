using System.Data;
using System.Data.Common;
using System.Text.Json;
using System.Threading.Channels;
using McpConsole.Core.Text;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.Extensions.Options;

namespace McpConsole.Web.Features.Probing;

/// <summary>
/// Writes probe results in batches: a Channel feeds one writer that, per batch, runs prepared ADO.NET statements
/// (SQLite or PostgreSQL) in one transaction (samples, status upserts, state events, catalog snapshots). One SaveChanges
/// per row manages ~470 rows/s here; this path manages hundreds of thousands. Rows of servers deleted meanwhile are
/// skipped. No exception ends the loop: a failed batch is retried (<see cref="ProbingOptions.WriteRetries"/>, with
/// back-off) on a connection opened afresh (a restarted PostgreSQL), then written one result at a time so that one
/// result the database refuses costs only itself; what still fails is dropped with a logged count. When the database
/// cannot store anything at all (disk full, connection lost: <see cref="StorageUnavailable"/>) the batch is kept and
/// retried until it can (back-off up to <see cref="MaxHoldDelay"/>), while new results wait in a bounded buffer
/// (<see cref="ProbingOptions.WriteBufferCapacity"/>) that drops the oldest when full: nothing is lost silently, every
/// result given up on counts in <see cref="Dropped"/>.
/// </summary>
public sealed class ProbeResultWriter : BackgroundService
{
    private const int ConsecutiveFailuresBeforeGivingUp = 3;
    private static readonly TimeSpan MaxHoldDelay = TimeSpan.FromSeconds(15);
    private readonly Channel<ProbeRecord> _channel;
    private readonly ConsoleDatabase _database;
    private readonly TimeProvider _time;
    private readonly int _maxBatch;
    private readonly int _retries;
    private readonly TimeSpan _retryDelay;
    private readonly ILogger<ProbeResultWriter> _logger;
    private DbConnection? _connection;
    private Statements? _statements;
    private long _written;
    private long _failedAttempts;
    private long _dropped;
    private long _enqueued;
    private int _inHand;
    private long _failingSinceTicks;
    private long _lastWrittenTicks;

    public ProbeResultWriter(ConsoleDatabase database, IOptions<ProbingOptions> options, TimeProvider time, ILogger<ProbeResultWriter> logger)
    {
        _database = database;
        _time = time;
        Capacity = options.Value.WriteBufferCapacity;
        _channel = Channel.CreateBounded<ProbeRecord>(
            new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest }, OnBufferOverflow);
        // A batch never holds more than the buffer, so what waits in memory stays within twice the capacity.
        _maxBatch = Math.Min(options.Value.MaxWriteBatch, Capacity);
        _retries = options.Value.WriteRetries;
        _retryDelay = options.Value.WriteRetryDelay;
        _logger = logger;
    }

    /// <summary>Probe results written so far (tests and the benchmark wait on it).</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Write attempts (of a batch or of one result) that failed.</summary>
    public long FailedAttempts => Interlocked.Read(ref _failedAttempts);

    /// <summary>Probe results given up on after every retry.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Probe results handed to the writer so far (written + dropped + waiting = enqueued).</summary>
    public long Enqueued => Interlocked.Read(ref _enqueued);

    /// <summary>How many results the buffer holds before it drops the oldest.</summary>
    public int Capacity { get; }

    /// <summary>Results waiting: in the buffer and in the batch being written.</summary>
    public int QueueDepth => _channel.Reader.Count + Volatile.Read(ref _inHand);

    /// <summary>Since when every write attempt has failed (null while writes succeed).</summary>
    public DateTimeOffset? FailingSince => Ticks(ref _failingSinceTicks);

    /// <summary>When a write last succeeded (null before the first).</summary>
    public DateTimeOffset? LastWrittenAt => Ticks(ref _lastWrittenTicks);

    internal void Enqueue(ProbeRecord record)
    {
        Interlocked.Increment(ref _enqueued);
        if (!_channel.Writer.TryWrite(record))
        {
            Interlocked.Increment(ref _dropped); // stopping: the channel is complete
            record.Stored?.Invoke(false);
        }
    }

    private void OnBufferOverflow(ProbeRecord oldest)
    {
        if (Interlocked.Increment(ref _dropped) % 1000 == 1)
        {
            _logger.LogError("The probe result buffer is full ({Capacity} results): dropping the oldest ({Total} dropped since start)", Capacity, Dropped);
        }

        oldest.Stored?.Invoke(false);
    }

    private static DateTimeOffset? Ticks(ref long field) => Interlocked.Read(ref field) is var t and > 0 ? new DateTimeOffset(t, TimeSpan.Zero) : null;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _channel.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<ProbeRecord>(_maxBatch);
        try
        {
            // Not cancelled by stoppingToken: after StopAsync completes the channel, what is queued is still written.
            while (await _channel.Reader.WaitToReadAsync(CancellationToken.None))
            {
                while (batch.Count < _maxBatch && _channel.Reader.TryRead(out var record))
                {
                    batch.Add(record);
                }

                Volatile.Write(ref _inHand, batch.Count);
                await WriteWithRetriesAsync(batch, stoppingToken);
                batch.Clear();
                Volatile.Write(ref _inHand, 0);
            }
        }
        finally
        {
            await CloseAsync();
        }
    }

    private async Task WriteWithRetriesAsync(List<ProbeRecord> batch, CancellationToken stoppingToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var failure = await TryWriteAsync(batch);
            if (failure is null)
            {
                return;
            }

            if (StorageUnavailable.Is(failure) && !stoppingToken.IsCancellationRequested)
            {
                // Nothing can be stored (disk full, database gone): keep the batch and wait; the buffer takes new results.
                var hold = TimeSpan.FromTicks(Math.Min(MaxHoldDelay.Ticks, (long)(_retryDelay.Ticks * Math.Pow(2, Math.Min(attempt, 20)))));
                _logger.LogWarning("The database cannot store probe results ({Reason}); keeping {Count} and retrying in {Delay}",
                    failure.Message, batch.Count, hold);
                await Task.Delay(hold, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                continue;
            }

            if (attempt >= _retries)
            {
                break;
            }

            var delay = _retryDelay * Math.Pow(2, attempt);
            _logger.LogWarning("Retrying {Count} probe results in {Delay} (retry {Retry} of {Retries})", batch.Count, delay, attempt + 1, _retries);
            try
            {
                await Task.Delay(delay, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break; // stopping: no more waiting, but each result still gets its own try below
            }
        }

        await WriteOneByOneAsync(batch);
    }

    // After the retries: one transaction per result, so a result the database refuses does not take the others along.
    private async Task WriteOneByOneAsync(List<ProbeRecord> batch)
    {
        var dropped = 0;
        var consecutiveFailures = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            if (consecutiveFailures >= ConsecutiveFailuresBeforeGivingUp)
            {
                dropped += batch.Count - i; // the database refuses everything: no point in trying each result
                foreach (var rest in batch.Skip(i))
                {
                    rest.Stored?.Invoke(false);
                }

                break;
            }

            if (await TryWriteAsync([batch[i]]) is null)
            {
                consecutiveFailures = 0;
            }
            else
            {
                consecutiveFailures++;
                dropped++;
                batch[i].Stored?.Invoke(false);
            }
        }

        if (dropped > 0)
        {
            Interlocked.Add(ref _dropped, dropped);
            _logger.LogError("Dropped {Dropped} of {Count} probe results that could not be written after {Retries} retries ({Total} dropped since start)",
                dropped, batch.Count, _retries, Dropped);
        }
    }

    /// <summary>Null when written, else the failure.</summary>
    private async Task<Exception?> TryWriteAsync(List<ProbeRecord> batch)
    {
        try
        {
            _connection ??= await _database.OpenForIngestAsync(CancellationToken.None);
            _statements ??= new Statements(_connection);
            Write(_connection, _statements, batch);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Any exception: a DbException, but also an encoder or cast exception a driver throws for a value it cannot send.
            Interlocked.Increment(ref _failedAttempts);
            Interlocked.CompareExchange(ref _failingSinceTicks, _time.GetUtcNow().UtcTicks, 0);
            _logger.LogError(ex, "Writing {Count} probe results failed", batch.Count);
            await CloseAsync();
            return ex;
        }

        Interlocked.Exchange(ref _failingSinceTicks, 0);
        Interlocked.Exchange(ref _lastWrittenTicks, _time.GetUtcNow().UtcTicks);
        Interlocked.Add(ref _written, batch.Count);
        foreach (var record in batch)
        {
            record.Stored?.Invoke(true);
        }

        return null;
    }

    private async Task CloseAsync()
    {
        try
        {
            _statements?.Dispose();
            if (_connection is not null)
                await _connection.DisposeAsync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _logger.LogDebug(ex, "Closing the probe writer's connection failed");
        }

        _statements = null;
        _connection = null;
    }

    private static void Write(DbConnection connection, Statements statements, List<ProbeRecord> batch)
    {
        using var transaction = connection.BeginTransaction();
        statements.Enlist(transaction);
        foreach (var record in batch)
        {
            statements.Sample(record);
            statements.Status(record);
            if (record.Transition is { } transition)
            {
                statements.Event(record.ServerId, transition.At, transition.From.ToString(), transition.To.ToString(), transition.Reason);
            }

            if (record.Catalog is { } catalog)
            {
                statements.Snapshot(record.ServerId, record.At, catalog);
                if (catalog.EventReason is { } reason)
                {
                    var state = record.Status.State.ToString();
                    statements.Event(record.ServerId, record.At, state, state, reason);
                }
            }
        }

        transaction.Commit();
    }

    /// <summary>The prepared statements, created once per connection and re-bound per row.</summary>
    private sealed class Statements : IDisposable
    {
        private const string IfServerExists = """WHERE EXISTS (SELECT 1 FROM "Servers" WHERE "Id" = @id)""";
        private const DbType Int = DbType.Int32;
        private const DbType Long = DbType.Int64;
        private const DbType Text = DbType.String;
        private const DbType Real = DbType.Double;
        private readonly ProbeSampleInsert _sample;
        private readonly DbCommand _status;
        private readonly DbCommand _event;
        private readonly DbCommand _snapshot;

        // Every parameter is typed: PostgreSQL cannot infer the type of a null in INSERT ... SELECT.
        public Statements(DbConnection connection)
        {
            _sample = new ProbeSampleInsert(connection);
            _status = Prepare(connection, $"""
                INSERT INTO "ServerStatus" ("ServerId", "State", "Reason", "Since", "ConsecutiveFailures", "ConsecutiveSuccesses", "LastCheckedAt",
                    "NextCheckAt", "LatencyMs", "ProtocolVersion", "ServerInfoName", "ServerInfoVersion", "ToolCount", "ResourceCount", "PromptCount",
                    "CatalogHash", "LastError", "StderrTail", "ExitCode", "ProcessId", "LastStepsJson", "HealthResourceJson")
                SELECT @id, @state, @reason, @since, @failures, @successes, @at, @next, @latency, @protocol, @infoName, @infoVersion,
                    @tools, @resources, @prompts, @hash, @error, @stderr, @exit, @pid, @steps, @health {IfServerExists}
                ON CONFLICT ("ServerId") DO UPDATE SET "State" = excluded."State", "Reason" = excluded."Reason", "Since" = excluded."Since",
                    "ConsecutiveFailures" = excluded."ConsecutiveFailures", "ConsecutiveSuccesses" = excluded."ConsecutiveSuccesses",
                    "LastCheckedAt" = excluded."LastCheckedAt", "NextCheckAt" = excluded."NextCheckAt", "LatencyMs" = excluded."LatencyMs",
                    "ProtocolVersion" = COALESCE(excluded."ProtocolVersion", "ServerStatus"."ProtocolVersion"),
                    "ServerInfoName" = COALESCE(excluded."ServerInfoName", "ServerStatus"."ServerInfoName"),
                    "ServerInfoVersion" = COALESCE(excluded."ServerInfoVersion", "ServerStatus"."ServerInfoVersion"),
                    "ToolCount" = COALESCE(excluded."ToolCount", "ServerStatus"."ToolCount"),
                    "ResourceCount" = COALESCE(excluded."ResourceCount", "ServerStatus"."ResourceCount"),
                    "PromptCount" = COALESCE(excluded."PromptCount", "ServerStatus"."PromptCount"),
                    "CatalogHash" = COALESCE(excluded."CatalogHash", "ServerStatus"."CatalogHash"),
                    "LastError" = COALESCE(excluded."LastError", "ServerStatus"."LastError"),
                    "StderrTail" = COALESCE(excluded."StderrTail", "ServerStatus"."StderrTail"),
                    "ExitCode" = COALESCE(excluded."ExitCode", "ServerStatus"."ExitCode"), "ProcessId" = excluded."ProcessId",
                    "LastStepsJson" = excluded."LastStepsJson",
                    "HealthResourceJson" = COALESCE(excluded."HealthResourceJson", "ServerStatus"."HealthResourceJson")
                """,
                ("@id", Int), ("@state", Text), ("@reason", Text), ("@since", Long), ("@failures", Int), ("@successes", Int), ("@at", Long),
                ("@next", Long), ("@latency", Real), ("@protocol", Text), ("@infoName", Text), ("@infoVersion", Text), ("@tools", Int),
                ("@resources", Int), ("@prompts", Int), ("@hash", Text), ("@error", Text), ("@stderr", Text), ("@exit", Int), ("@pid", Int),
                ("@steps", Text), ("@health", Text));
            _event = Prepare(connection, $"""
                INSERT INTO "StateEvents" ("ServerId", "At", "FromState", "ToState", "Reason") SELECT @id, @at, @from, @to, @reason {IfServerExists}
                """,
                ("@id", Int), ("@at", Long), ("@from", Text), ("@to", Text), ("@reason", Text));
            _snapshot = Prepare(connection, $"""
                INSERT INTO "CatalogSnapshots" ("ServerId", "At", "Hash", "ToolsJson", "DiffJson") SELECT @id, @at, @hash, @tools, @diff {IfServerExists}
                """,
                ("@id", Int), ("@at", Long), ("@hash", Text), ("@tools", Text), ("@diff", Text));
        }

        public void Enlist(DbTransaction transaction)
        {
            _sample.Transaction = transaction;
            _status.Transaction = _event.Transaction = _snapshot.Transaction = transaction;
        }

        public void Sample(ProbeRecord r)
        {
            var o = r.Outcome;
            _sample.Add(r.ServerId, r.At.UtcTicks, o.Succeeded, o.Result.Latency.TotalMilliseconds, o.Result.Failure?.Kind.ToString());
        }

        public void Status(ProbeRecord r)
        {
            var o = r.Outcome;
            var s = r.Status;
            var failure = o.Result.Failure;
            Run(_status, r.ServerId, s.State.ToString(), Cut(s.Reason, 2000), s.Since?.UtcTicks, s.ConsecutiveFailures, s.ConsecutiveSuccesses,
                r.At.UtcTicks, r.NextCheckAt.UtcTicks, o.Result.Latency.TotalMilliseconds, o.ProtocolVersion, o.ServerInfoName,
                o.ServerInfoVersion, o.ToolCount, o.ResourceCount, o.PromptCount, o.CatalogHash, Cut(failure?.Describe(), 4000),
                Cut(failure?.StderrTail, 4000), failure?.ExitCode, o.ProcessId, StepsJson(o), o.HealthResourceJson);
        }

        public void Event(int serverId, DateTimeOffset at, string from, string to, string reason) =>
            Run(_event, serverId, at.UtcTicks, from, to, Cut(reason, 4000));

        public void Snapshot(int serverId, DateTimeOffset at, CatalogChange c) =>
            Run(_snapshot, serverId, at.UtcTicks, c.Hash, c.ToolsJson, c.DiffJson);

        public void Dispose()
        {
            _sample.Dispose();
            _status.Dispose();
            _event.Dispose();
            _snapshot.Dispose();
        }

        private static string StepsJson(ProbeOutcome o) => JsonSerializer.Serialize(o.Steps);

        private static string? Cut(string? text, int max) => SafeText.CutOrNull(text, max);

        private static DbCommand Prepare(DbConnection connection, string sql, params (string Name, DbType Type)[] parameters)
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, type) in parameters)
            {
                command.AddParameter(name, type);
            }

            command.Prepare();
            return command;
        }

        private static void Run(DbCommand command, params object?[] values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters[i].Value = values[i] ?? DBNull.Value;
            }

            command.ExecuteNonQuery();
        }
    }
}
