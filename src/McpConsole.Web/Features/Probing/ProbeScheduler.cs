using System.Collections.Concurrent;
using McpConsole.Core.Health;
using McpConsole.Web.Features.Fleet;
using McpConsole.Web.Features.ScaleOut;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace McpConsole.Web.Features.Probing;

/// <summary>
/// Keeps every enabled server probed on its own interval: re-reads the registry every few seconds (and at once on a
/// registry change), spreads probes with jitter, runs at most <see cref="ProbingOptions.MaxConcurrency"/> at once and
/// never waits for one server before starting another (each probe has its own deadline). Results go through the
/// health state machine to the batched writer and the live notifier. Misconfigured and Unauthorized servers back off.
/// With several instances (PostgreSQL) it probes only the servers <see cref="ProbeOwnership"/> grants this instance; a
/// server taken over from another instance continues from the stored status and next check time.
/// </summary>
public sealed class ProbeScheduler : BackgroundService
{
    private readonly ConcurrentDictionary<int, ScheduledServer> _servers = new();
    private readonly ServerRegistry _registry;
    private readonly ProbeLadder _ladder;
    private readonly ProbeResultWriter _writer;
    private readonly FleetNotifier _notifier;
    private readonly CatalogTracker _catalog;
    private readonly IDbContextFactory<ConsoleDbContext> _dbFactory;
    private readonly TimeProvider _time;
    private readonly ProbingOptions _options;
    private readonly ILogger<ProbeScheduler> _logger;
    private readonly SemaphoreSlim _slots;
    private readonly ProbeOwnership _ownership;
    private long _ownershipVersion = -1;
    private readonly IDisposable _registrySubscription;
    private readonly ConcurrentQueue<int> _forget = new();
    private readonly ConcurrentQueue<int> _created = new();
    private volatile bool _refreshRequested = true;
    private readonly StdioSupervisor? _stdio;
    private readonly IServerRoles? _roles;
    private readonly IDisposable? _rolesSubscription;
    private IReadOnlySet<int> _standbys = new HashSet<int>();
    private readonly ConcurrentDictionary<int, byte> _unreadable = new();
    private long _startedTicks;
    private long _lastCycleTicks;

    public ProbeScheduler(ServerRegistry registry, IRegistryChanges changes, ProbeLadder ladder, ProbeResultWriter writer,
        FleetNotifier notifier, CatalogTracker catalog, IDbContextFactory<ConsoleDbContext> dbFactory, TimeProvider time,
        IOptions<ProbingOptions> options, ILogger<ProbeScheduler> logger, ProbeOwnership ownership, StdioSupervisor? stdio = null, IServerRoles? roles = null)
    {
        _ownership = ownership;
        _roles = roles;
        _rolesSubscription = roles?.Subscribe(() => _refreshRequested = true);
        _stdio = stdio;
        if (stdio is not null)
        {
            stdio.Exited += OnStdioExited;
        }

        _registry = registry;
        _ladder = ladder;
        _writer = writer;
        _notifier = notifier;
        _catalog = catalog;
        _dbFactory = dbFactory;
        _time = time;
        _options = options.Value;
        _logger = logger;
        _slots = new SemaphoreSlim(_options.MaxConcurrency);
        _registrySubscription = changes.Subscribe(change =>
        {
            // A created server can reuse the id of a deleted one (a restored database rolls its sequence back):
            // nothing cached under that id may carry over to it.
            (change.Kind == RegistryChangeKind.Created ? _created : _forget).Enqueue(change.ServerId);

            _refreshRequested = true;
        });
    }

    /// <summary>
    /// Probes one server now, outside its schedule (failover and reports ask for a fresh result instead of opening
    /// their own connections). The result is recorded like a scheduled one. Null when the server is not scheduled
    /// (unknown or disabled).
    /// </summary>
    public async Task<ProbeOutcome?> ProbeNowAsync(int serverId, CancellationToken ct)
    {
        if (!_servers.TryGetValue(serverId, out var server))
        {
            return null;
        }

        while (!server.TryStart())
        {
            await Task.Delay(50, ct); // a scheduled probe is running: wait for it, then probe afresh
        }

        try
        {
            var outcome = await _ladder.ProbeAsync(server.Target, ct);
            await RecordAsync(server, server.Target, outcome, ct);
            return outcome;
        }
        finally
        {
            server.Finish();
        }
    }

    /// <summary>Probes in flight now.</summary>
    public int InFlight => _options.MaxConcurrency - _slots.CurrentCount;

    /// <summary>When the scheduler loop started (null when probing is off).</summary>
    public DateTimeOffset? StartedAt => FromTicks(Interlocked.Read(ref _startedTicks));

    /// <summary>
    /// When the scheduler last completed a cycle: due servers started, with the registry read when due. While registry reads
    /// fail (the database, a key ring problem) no cycle counts as complete. Null before the first.
    /// </summary>
    public DateTimeOffset? LastCycleCompletedAt => FromTicks(Interlocked.Read(ref _lastCycleTicks));

    /// <summary>Servers whose stored definition cannot be decrypted or loaded (Misconfigured for that reason).</summary>
    public int UnreadableDefinitions => _unreadable.Count;

    /// <summary>
    /// Servers this instance probes, and how many of them are overdue: more than interval + timeout past their planned
    /// next probe, i.e. no result for longer than interval x 2 + timeout (longer for a server the scheduler backs off).
    /// </summary>
    public (int Scheduled, int Overdue) Punctuality(DateTimeOffset now)
    {
        var (scheduled, overdue) = (0, 0);
        foreach (var server in _servers.Values)
        {
            if (!server.Owned)
            {
                continue;
            }

            scheduled++;
            // NextAt is the last result + interval (or a back-off the scheduler chose), so this is "interval x 2 + timeout"
            // since the last result, and a probe hung past its deadline counts too.
            var grace = Interval(server.Target) + TimeSpan.FromSeconds(server.Target.Definition.TimeoutSeconds);
            if (now - server.NextAt > grace)
            {
                overdue++;
            }
        }

        return (scheduled, overdue);
    }

    private static DateTimeOffset? FromTicks(long ticks) => ticks > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    public override void Dispose()
    {
        _registrySubscription.Dispose();
        _rolesSubscription?.Dispose();
        if (_stdio is not null)
        {
            _stdio.Exited -= OnStdioExited;
        }

        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var nextRefresh = DateTimeOffset.MinValue;
        Interlocked.Exchange(ref _startedTicks, _time.GetUtcNow().UtcTicks);
        var registryFailing = false; // a cycle whose registry read failed, and those after it until one succeeds, are not complete
        var lastTick = _time.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var now = _time.GetUtcNow();
                if (now < lastTick)
                {
                    nextRefresh += now - lastTick;
                    MoveScheduleBack(lastTick - now);
                }

                lastTick = now;
                if (_ownership.Version != Interlocked.Read(ref _ownershipVersion))
                {
                    _refreshRequested = true;
                }

                if (_refreshRequested || now >= nextRefresh)
                {
                    _refreshRequested = false;
                    nextRefresh = now + _options.RegistryRefreshInterval;
                    registryFailing = true;
                    await RefreshAsync(stoppingToken);
                    registryFailing = false;
                }

                foreach (var server in _servers.Values)
                {
                    if (server.NextAt <= now && server.Owned && _ownership.Owns(server.Target.Id) && server.TryStart())
                    {
                        _ = ProbeAsync(server, stoppingToken);
                    }
                }

                if (!registryFailing)
                {
                    Interlocked.Exchange(ref _lastCycleTicks, _time.GetUtcNow().UtcTicks);
                }

                await Task.Delay(_options.TickInterval, _time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _logger.LogError(ex, "Probe scheduler cycle failed; retrying");
                await Task.Delay(TimeSpan.FromSeconds(1), _time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>
    /// The host clock stepped back: every planned probe keeps the wait it had left, instead of waiting until the
    /// clock is back where it was (an hour's step back would stop probing for an hour, showing stale green).
    /// A probe running now plans its next one with the new clock already. A step forward needs nothing: every server
    /// is due at once and probed once, then planned from the new now.
    /// </summary>
    private void MoveScheduleBack(TimeSpan by)
    {
        _logger.LogWarning("The host clock stepped back by {Step}; the probe schedule moves back with it", by);
        foreach (var server in _servers.Values)
        {
            if (server.TryStart())
            {
                server.NextAt -= by;
                server.Finish();
            }
        }
    }

    private async Task RefreshAsync(CancellationToken ct)
    {
        while (_forget.TryDequeue(out var id))
        {
            await _ladder.ForgetAsync(id);
        }

        while (_created.TryDequeue(out var id))
        {
            if (_servers.TryRemove(id, out _))
            {
                _notifier.Remove(id);
            }

            await _ladder.ForgetAsync(id);
        }

        var targets = await _registry.GetDefinitionsForProbingAsync(enabledOnly: true, ct);
        await RefreshRolesAsync(ct);
        var wanted = targets.ToDictionary(t => t.Id);
        foreach (var id in _unreadable.Keys.Where(id => !wanted.ContainsKey(id)))
        {
            _unreadable.TryRemove(id, out _);
        }

        foreach (var id in _servers.Keys.Where(id => !wanted.ContainsKey(id)).ToList())
        {
            _servers.TryRemove(id, out _);
            _notifier.Remove(id);
            await _ladder.ForgetAsync(id);
        }

        // Read before the registry so a change of owners during this refresh is seen on the next tick.
        Interlocked.Exchange(ref _ownershipVersion, _ownership.Version);
        var gained = wanted.Keys.Where(id => _ownership.Owns(id) && (!_servers.TryGetValue(id, out var s) || !s.Owned)).ToList();
        var missing = wanted.Keys.Where(id => !_servers.ContainsKey(id)).Union(gained).ToList();
        var stored = missing.Count == 0 ? [] : await LoadStatusesAsync(missing, ct);
        foreach (var target in targets)
        {
            var owned = _ownership.Owns(target.Id);
            var row = stored.GetValueOrDefault(target.Id);
            if (_servers.TryGetValue(target.Id, out var existing))
            {
                existing.Update(target);
                if (owned && !existing.Owned)
                {
                    existing.TakeOver(row is null ? HealthStatus.Initial : ToStatus(row), row?.CatalogHash, TakeOverAt(row, target));
                }

                else if (!owned && existing.Owned)
                {
                    await _ladder.ForgetAsync(target.Id); // another instance probes it now: end this one's session or stdio process
                }

                existing.Owned = owned;
                continue;
            }

            var status = row is null ? HealthStatus.Initial : ToStatus(row);
            var first = _ownership.Shared ? TakeOverAt(row, target) : ProbeSchedule.FirstProbeAt(Interval(target), _time, Random.Shared);
            _servers[target.Id] = new ScheduledServer(target, status, row?.CatalogHash, first) { Owned = owned };
        }
    }

    private async Task RefreshRolesAsync(CancellationToken ct)
    {
        if (_roles is null)
        {
            return;
        }

        try
        {
            _standbys = await _roles.StandbysAsync(ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogWarning(ex, "Could not read failover roles; keeping the previous ones");
        }
    }

    /// <summary>
    /// When a server taken over from another instance is due: at the next check that instance had planned (stored with
    /// every result), at once when that time has passed (the instance died), and never later than one interval from now.
    /// </summary>
    private DateTimeOffset TakeOverAt(ServerStatus? row, ProbeTarget target)
    {
        var now = _time.GetUtcNow();
        if (row?.NextCheckAt is not { } planned)
        {
            return ProbeSchedule.FirstProbeAt(Interval(target), _time, Random.Shared);
        }

        return planned < now ? now : planned > now + Interval(target) ? now + Interval(target) : planned;
    }

    private async Task<Dictionary<int, ServerStatus>> LoadStatusesAsync(List<int> ids, CancellationToken ct)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(ct);
        var rows = new Dictionary<int, ServerStatus>();
        foreach (var chunk in ids.Chunk(500))
        {
            foreach (var row in await db.Set<ServerStatus>().AsNoTracking().Where(s => chunk.Contains(s.ServerId)).ToListAsync(ct))
            {
                rows[row.ServerId] = row;
            }
        }

        return rows;
    }

    private async Task ProbeAsync(ScheduledServer server, CancellationToken ct)
    {
        var target = server.Target;
        try
        {
            await _slots.WaitAsync(ct);
            try
            {
                var outcome = await _ladder.ProbeAsync(target, ct);
                await RecordAsync(server, target, outcome, ct);
            }
            finally
            {
                _slots.Release();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _logger.LogError(ex, "Probing server {ServerId} failed unexpectedly", target.Id);
            server.NextAt = _time.GetUtcNow() + Interval(target);
        }
        finally
        {
            server.Finish();
        }
    }

    private async Task RecordAsync(ScheduledServer server, ProbeTarget target, ProbeOutcome outcome, CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        var machine = new HealthStateMachine(new HealthThresholds
        {
            FailuresBeforeDown = _options.FailuresBeforeDown,
            SuccessesBeforeRecovery = _options.SuccessesBeforeRecovery,
            SlowThresholdMs = target.SlowThresholdMs,
        });
        var result = _standbys.Contains(target.Id) ? outcome.Result with { Standby = true } : outcome.Result;
        var evaluation = machine.Next(server.Status, result, now);
        if (outcome.Result.Failure?.Kind == ProbeFailureKind.DefinitionUnreadable)
        {
            _unreadable[target.Id] = 0;
        }
        else
        {
            _unreadable.TryRemove(target.Id, out _);
        }

        // A catalog change waiting in the writer's queue is not compared (and recorded) a second time.
        var catalog = outcome.CatalogHash is { } hash && hash == server.PendingCatalogHash
            ? null
            : await _catalog.CompareAsync(target.Id, server.CatalogHash, outcome, ct);
        var next = NextProbeAt(evaluation.Status, target);
        server.Status = evaluation.Status;
        server.NextAt = next;
        Action<bool>? stored = null;
        if (catalog is null)
        {
            server.CatalogHash = outcome.CatalogHash ?? server.CatalogHash;
        }
        else
        {
            // The remembered hash moves only once the change is stored: a change the writer had to drop is found again.
            server.PendingCatalogHash = catalog.Hash;
            stored = ok => server.CatalogStored(catalog.Hash, ok);
        }

        _writer.Enqueue(new ProbeRecord(target.Id, now, outcome, evaluation.Status, evaluation.Transition, next, catalog) { Stored = stored });
        _notifier.Publish(new ServerStatusChanged(target.Id, target.Definition.Name, evaluation.Status.State, evaluation.Status.Reason,
            now, outcome.Result.Latency.TotalMilliseconds, outcome.Succeeded, evaluation.Transition, outcome.ProtocolVersion,
            outcome.ToolCount, outcome.CatalogHash, catalog?.EventReason is not null)
        {
            Steps = outcome.Steps, NextCheckAt = next, Interval = Interval(target), Timeout = TimeSpan.FromSeconds(target.Definition.TimeoutSeconds),
        });
        if (evaluation.Transition is { } t)
        {
            _logger.LogInformation("Server {ServerId} {From} -> {To}: {Reason}", target.Id, t.From, t.To, t.Reason);
        }
    }

    private DateTimeOffset NextProbeAt(HealthStatus status, ProbeTarget target)
    {
        var interval = Interval(target);
        var next = ProbeSchedule.NextProbeAt(status, interval, _time, Random.Shared);
        var jitter = interval.TotalMilliseconds * _options.Jitter * ((Random.Shared.NextDouble() * 2) - 1);
        next += TimeSpan.FromMilliseconds(jitter);

        // A crashed stdio process is started again by the probe after its back-off, not a whole interval later.
        return _stdio?.RestartDueAt(target.Id) is { } restart && restart < next ? restart : next;
    }

    private void OnStdioExited(StdioExit exit) => _ = RecordExitAsync(exit);

    /// <summary>
    /// The supervisor saw a process exit: the server is Down now, on every page and in storage, and is probed again
    /// (which restarts it) when its back-off ends. Waits for a probe in flight so the two never write at once.
    /// </summary>
    private async Task RecordExitAsync(StdioExit exit)
    {
        if (!_servers.TryGetValue(exit.ServerId, out var server) || !server.Owned)
        {
            return;
        }

        try
        {
            while (!server.TryStart())
            {
                await Task.Delay(20);
            }

            try
            {
                var target = server.Target;
                var now = _time.GetUtcNow();
                var evaluation = new HealthStateMachine().ProcessExited(server.Status, exit.Failure, now);
                var outcome = new ProbeOutcome(ProbeResult.Failed(exit.Failure)) { ProcessId = null };
                server.Status = evaluation.Status;
                server.NextAt = exit.RestartAt;
                _writer.Enqueue(new ProbeRecord(target.Id, now, outcome, evaluation.Status, evaluation.Transition, exit.RestartAt, null));
                _notifier.Publish(new ServerStatusChanged(target.Id, target.Definition.Name, evaluation.Status.State, evaluation.Status.Reason,
                    now, 0, false, evaluation.Transition, null, null, server.CatalogHash, false)
                {
                    NextCheckAt = exit.RestartAt, Interval = Interval(target), Timeout = TimeSpan.FromSeconds(target.Definition.TimeoutSeconds),
                });
                if (evaluation.Transition is { } t)
                {
                    _logger.LogWarning("Server {ServerId} {From} -> {To}: {Reason}; restart attempt {Attempt} at {RestartAt:O}",
                        target.Id, t.From, t.To, t.Reason, exit.Attempt, exit.RestartAt);
                }
            }
            finally
            {
                server.Finish();
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _logger.LogError(ex, "Recording the exit of server {ServerId} failed", exit.ServerId);
        }
    }

    private static TimeSpan Interval(ProbeTarget target) => TimeSpan.FromSeconds(Math.Max(1, target.Definition.ProbeIntervalSeconds));

    private static HealthStatus ToStatus(ServerStatus row) => new(
        Enum.TryParse<HealthState>(row.State, out var state) ? state : HealthState.Unknown,
        row.Reason ?? "",
        row.Since,
        row.ConsecutiveFailures,
        row.ConsecutiveSuccesses,
        row.LastCheckedAt,
        row.LatencyMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
        null);

    /// <summary>One server's schedule and remembered health (only the running probe writes it, and the writer once a catalog change is stored).</summary>
    private sealed class ScheduledServer(ProbeTarget target, HealthStatus status, string? catalogHash, DateTimeOffset nextAt)
    {
        private int _running;

        public ProbeTarget Target { get; private set; } = target;
        public HealthStatus Status { get; set; } = status;
        public string? CatalogHash { get; set; } = catalogHash;

        /// <summary>A catalog change handed to the writer and not yet stored (or dropped).</summary>
        public string? PendingCatalogHash { get; set; }

        public DateTimeOffset NextAt { get; set; } = nextAt;

        /// <summary>This instance probes it on schedule (always, with one instance).</summary>
        public bool Owned { get; set; }

        /// <summary>Continues from what the previous owner stored (its health memory and planned next check).</summary>
        public void TakeOver(HealthStatus status, string? catalogHash, DateTimeOffset nextAt)
        {
            Status = status;
            CatalogHash = catalogHash;
            PendingCatalogHash = null;
            NextAt = nextAt;
        }

        /// <summary>The writer's answer for a catalog change (called on the writer's thread).</summary>
        public void CatalogStored(string hash, bool stored)
        {
            if (stored)
            {
                CatalogHash = hash;
            }

            if (PendingCatalogHash == hash)
            {
                PendingCatalogHash = null;
            }
        }

        public bool TryStart() => Interlocked.CompareExchange(ref _running, 1, 0) == 0;

        public void Finish() => Volatile.Write(ref _running, 0);

        /// <summary>A changed definition is probed soon; an unchanged one keeps its schedule.</summary>
        public void Update(ProbeTarget target)
        {
            if (target != Target && (target.Definition != Target.Definition || target.SlowThresholdMs != Target.SlowThresholdMs
                || target.CheckHttpHealthEndpoints != Target.CheckHttpHealthEndpoints))
            {
                var changedConnection = target.ConnectionFingerprint() != Target.ConnectionFingerprint();
                Target = target;
                if (changedConnection)
                {
                    NextAt = DateTimeOffset.MinValue;
                }
            }
        }
    }
}
