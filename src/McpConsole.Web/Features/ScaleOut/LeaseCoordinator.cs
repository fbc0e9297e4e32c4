using McpConsole.Core.ScaleOut;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace McpConsole.Web.Features.ScaleOut;

/// <summary>
/// PostgreSQL mode: every heartbeat this instance records that it is alive, works out from the live instances which
/// servers it should probe (<see cref="ProbeAssignment"/>), renews or takes their leases with one conditional upsert
/// (a lease changes hands only when its holder gives it up or lets it expire) and gives up the leases it should no
/// longer hold. Times are the database's clock, so instances on machines with skewed clocks still agree.
/// On a clean stop the instance deletes its leases and heartbeat: the others take over at their next heartbeat.
/// Back after losing the database (a PostgreSQL restart cuts every instance off at once), an instance counts as live
/// for one more lease duration the instances that were live when it last reached the database: otherwise the first
/// one back would see every other heartbeat stale, take the whole fleet, probe it, and hand half of it over a second
/// later to an instance that probes the same servers again.
/// </summary>
public sealed class LeaseCoordinator(ConsoleDatabase database, ProbeOwnership ownership, TimeProvider time, IOptions<ScaleOutOptions> options,
    ILogger<LeaseCoordinator> logger) : BackgroundService
{
    private const string DatabaseNowTicks = "(EXTRACT(EPOCH FROM clock_timestamp()) * 10000000)::bigint + 621355968000000000";
    private readonly ScaleOutOptions _options = options.Value;
    private readonly string _hostName = Environment.MachineName;
    private DateTimeOffset _startedAt;
    private long? _lastRoundAt;
    private (long Until, long LiveSince)? _reconnectGrace;

    public string InstanceId { get; } = options.Value.InstanceId is { Length: > 0 } id
        ? id
        : $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        ownership.StartShared();
        _startedAt = time.GetUtcNow();
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        ownership.Set(new HashSet<int>(), 0);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            await using var connection = (NpgsqlConnection)await database.OpenAsync(timeout.Token);
            await using var command = new NpgsqlCommand("""
                DELETE FROM "ProbeLeases" WHERE "InstanceId" = @me;
                DELETE FROM "ConsoleInstances" WHERE "InstanceId" = @me;
                """, connection);
            command.Parameters.AddWithValue("me", InstanceId);
            await command.ExecuteNonQueryAsync(timeout.Token);
            logger.LogInformation("Instance {InstanceId} left: its servers go to the other instances", InstanceId);
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            logger.LogWarning("Instance {InstanceId} could not give up its leases ({Error}); they expire on their own", InstanceId, ex.Message);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation("Instance {InstanceId} joins: heartbeat every {Heartbeat}, leases valid {Lease}", InstanceId,
            _options.HeartbeatInterval, _options.LeaseDuration);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await HeartbeatAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                // Leases not renewed run out on their own (ProbeOwnership.Owns checks the local deadline).
                logger.LogWarning("Heartbeat of instance {InstanceId} failed: {Error}", InstanceId, ex.Message);
            }

            try
            {
                await Task.Delay(_options.HeartbeatInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>One round: heartbeat, live instances, wanted servers, conditional lease upsert, release of the rest.</summary>
    internal async Task HeartbeatAsync(CancellationToken ct)
    {
        var started = time.GetTimestamp();
        await using var connection = (NpgsqlConnection)await database.OpenAsync(ct);
        var now = await ScalarAsync<long>(connection, $"SELECT {DatabaseNowTicks}", ct);
        var leaseEnd = now + _options.LeaseDuration.Ticks;

        await using (var beat = new NpgsqlCommand("""
            INSERT INTO "ConsoleInstances" ("InstanceId", "HostName", "StartedAt", "HeartbeatAt") VALUES (@me, @host, @started, @now)
            ON CONFLICT ("InstanceId") DO UPDATE SET "HeartbeatAt" = excluded."HeartbeatAt";
            DELETE FROM "ConsoleInstances" WHERE "HeartbeatAt" < @forget;
            """, connection))
        {
            beat.Parameters.AddWithValue("me", InstanceId);
            beat.Parameters.AddWithValue("host", _hostName);
            beat.Parameters.AddWithValue("started", _startedAt.UtcTicks);
            beat.Parameters.AddWithValue("now", now);
            beat.Parameters.AddWithValue("forget", now - _options.ForgetInstanceAfter.Ticks);
            await beat.ExecuteNonQueryAsync(ct);
        }

        var live = await ListAsync<string>(connection, """SELECT "InstanceId" FROM "ConsoleInstances" WHERE "HeartbeatAt" >= @live""",
            ("live", LiveSince(now)), ct);
        var servers = await ListAsync<int>(connection, """SELECT "Id" FROM "Servers" WHERE "Enabled" """, null, ct);
        var wanted = ProbeAssignment.ServersOf(InstanceId, servers, live).ToArray();

        var held = new HashSet<int>();
        await using (var take = new NpgsqlCommand("""
            INSERT INTO "ProbeLeases" ("ServerId", "InstanceId", "ExpiresAt")
            SELECT s."Id", @me, @expires FROM "Servers" s WHERE s."Id" = ANY(@wanted)
            ON CONFLICT ("ServerId") DO UPDATE SET "InstanceId" = excluded."InstanceId", "ExpiresAt" = excluded."ExpiresAt"
            WHERE "ProbeLeases"."InstanceId" = excluded."InstanceId" OR "ProbeLeases"."ExpiresAt" < @now
            RETURNING "ServerId";
            """, connection))
        {
            take.Parameters.AddWithValue("me", InstanceId);
            take.Parameters.AddWithValue("expires", leaseEnd);
            take.Parameters.AddWithValue("wanted", wanted);
            take.Parameters.AddWithValue("now", now);
            await using var reader = await take.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                held.Add(reader.GetInt32(0));
        }

        // Valid locally for the lease minus the time this round took, so this instance stops before anyone may take over.
        var validUntil = started + (long)(_options.LeaseDuration.TotalSeconds * time.TimestampFrequency);
        ownership.Set(held, validUntil);

        await using (var release = new NpgsqlCommand("""DELETE FROM "ProbeLeases" WHERE "InstanceId" = @me AND NOT ("ServerId" = ANY(@wanted))""", connection))
        {
            release.Parameters.AddWithValue("me", InstanceId);
            release.Parameters.AddWithValue("wanted", wanted);
            await release.ExecuteNonQueryAsync(ct);
        }

        _lastRoundAt = now;
    }

    /// <summary>Heartbeats from this database time on count as live (see the class comment for the grace after an outage).</summary>
    private long LiveSince(long now)
    {
        var lease = _options.LeaseDuration.Ticks;
        if (_lastRoundAt is { } last && now - last > lease)
        {
            _reconnectGrace = (now + lease, last - lease);
            logger.LogInformation("Instance {InstanceId} reached the database again after {Seconds:0.#} s; instances live before count as live for {Lease}",
                InstanceId, TimeSpan.FromTicks(now - last).TotalSeconds, _options.LeaseDuration);
        }

        return _reconnectGrace is { } grace && now < grace.Until ? Math.Min(now - lease, grace.LiveSince) : now - lease;
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(ct))!;
    }

    private static async Task<List<T>> ListAsync<T>(NpgsqlConnection connection, string sql, (string Name, object Value)? parameter, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        if (parameter is { } p)
            command.Parameters.AddWithValue(p.Name, p.Value);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var list = new List<T>();
        while (await reader.ReadAsync(ct))
            list.Add(reader.GetFieldValue<T>(0));
        return list;
    }
}
