using System.Collections.Concurrent;
using McpConsole.Core.Health;
using McpConsole.Web.Features.Fleet;
using McpConsole.Web.Infrastructure.ChildProcesses;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Client;

namespace McpConsole.Web.Features.Probing;

/// <summary>
/// One long-lived process per stdio server, started through the SDK's <see cref="StdioClientTransport"/>.
/// PIDs and start times go to <see cref="StdioPidFile"/>; a crashed process is restarted with exponential back-off
/// (<see cref="BackoffPolicy.StdioRestart"/>); on stop stdin is closed and the process tree ended; on start the
/// processes a previous run left behind are ended. No orphan survives the console. The client's completion is watched,
/// so an exit is known at once (<see cref="Exited"/>), not at the next probe.
/// </summary>
public sealed class StdioSupervisor : IHostedService, IAsyncDisposable
{
    /// <summary>Probes in a row without an answer before a running process counts as hung (the default Down threshold).</summary>
    public const int HungAfterTimeouts = 3;

    private static readonly TimeSpan _stableUptime = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<int, Supervised> _servers = new();
    private readonly StdioPidFile _pidFile;
    private readonly TimeProvider _time;
    private readonly ProbingOptions _options;
    private readonly ILogger<StdioSupervisor> _logger;
    private readonly BackoffPolicy _backoff;

    public StdioSupervisor(StdioPidFile pidFile, TimeProvider time, IOptions<ProbingOptions> options, ILogger<StdioSupervisor> logger, BackoffPolicy? backoff = null)
    {
        _pidFile = pidFile;
        _time = time;
        _options = options.Value;
        _logger = logger;
        _backoff = backoff ?? BackoffPolicy.StdioRestart;
    }

    /// <summary>
    /// A supervised process exited (or was ended as hung) and its restart is scheduled. Raised under the server's gate:
    /// handlers must not block or call back into the supervisor synchronously.
    /// </summary>
    public event Action<StdioExit>? Exited;

    /// <summary>When the server's crashed process is due to be started again, null when none is waiting.</summary>
    public DateTimeOffset? RestartDueAt(int serverId) =>
        _servers.TryGetValue(serverId, out var server) && server.Client is null ? server.RestartAt : null;

    /// <summary>The restart the next successful probe reports (once): what ended the previous process, which attempt this is.</summary>
    public ProbeRestart? TakeRestart(int serverId) =>
        _servers.TryGetValue(serverId, out var server) ? Interlocked.Exchange(ref server.PendingRestart, null) : null;

    /// <summary>PIDs of the stdio processes running now, by server id.</summary>
    public IReadOnlyDictionary<int, int> RunningProcesses => _servers
        .Where(p => p.Value.Process is not null)
        .ToDictionary(p => p.Key, p => p.Value.Process!.Pid);

    /// <summary>Whether the server's process is up with a live client (the next probe will not start it).</summary>
    public bool IsRunning(int serverId) =>
        _servers.TryGetValue(serverId, out var server) && server.Client is { Completion.IsCompleted: false };

    /// <summary>
    /// A timeout or protocol error of a server whose process wrote non-JSON-RPC lines on stdout is reported as that:
    /// the usual cause is a server logging to stdout, which the SDK skips, so requests seem to hang.
    /// </summary>
    public ProbeFailure Explain(int serverId, ProbeFailure failure) =>
        failure.Kind is ProbeFailureKind.Timeout or ProbeFailureKind.ProtocolError
        && _servers.TryGetValue(serverId, out var server) && server.Noise is { Lines: > 0 and var lines }
            ? ProbeFailure.Protocol($"{lines} line(s) on stdout that are not JSON-RPC (stdout must carry only MCP messages; " +
                $"logs belong on stderr), then {failure.Describe()}")
            : failure;

    /// <summary>
    /// The server's live client: the running process, or a new one. Throws <see cref="StdioUnavailableException"/>
    /// while a crashed server waits for its restart.
    /// </summary>
    public async Task<(McpClient Client, int? ProcessId, bool Reused)> GetClientAsync(ProbeTarget target, McpClientOptions clientOptions, CancellationToken ct)
    {
        var server = _servers.GetOrAdd(target.Id, _ => new Supervised());
        await server.Gate.WaitAsync(ct);
        try
        {
            if (server.Client is { } running && server.Fingerprint != target.ConnectionFingerprint())
            {
                await StopAsync(server, "definition changed");
            }
            else if (server.Client is { } client)
            {
                if (!client.Completion.IsCompleted)
                {
                    return (client, server.Process?.Pid, true);
                }

                await RecordExitAsync(target, server, null);
            }

            if (server.RestartAt is { } at && at > _time.GetUtcNow() && server.LastFailure is { } failure)
            {
                throw new StdioUnavailableException(failure, at);
            }

            return (await StartAsync(target, server, clientOptions, ct), server.Process?.Pid, false);
        }
        finally
        {
            server.Gate.Release();
        }
    }

    /// <summary>
    /// A request on the running client failed because the process went away: record the crash, schedule the restart.
    /// Returns the failure as recorded (with the exit code once the process is gone), or null if nothing was running.
    /// </summary>
    public async Task<ProbeFailure?> ReportTransportClosedAsync(ProbeTarget target, Exception error)
    {
        if (!_servers.TryGetValue(target.Id, out var server))
        {
            return null;
        }

        await server.Gate.WaitAsync();
        try
        {
            // The exit watcher may have recorded this exit first (the client is gone then): answer what it recorded,
            // which carries the exit code and stderr tail, rather than the bare closed pipe the request saw.
            return server.Client is not null ? await RecordExitAsync(target, server, error)
                : server.RestartAt is not null ? server.LastFailure
                : null;
        }
        finally
        {
            server.Gate.Release();
        }
    }

    /// <summary>
    /// A probe of the running process timed out. After <see cref="HungAfterTimeouts"/> in a row the process counts as hung
    /// (a crash that never exits): it is ended and restarted after the back-off, as after a crash.
    /// </summary>
    public async Task<ProbeFailure> ReportUnansweredAsync(ProbeTarget target, ProbeFailure failure)
    {
        if (!_servers.TryGetValue(target.Id, out var server))
        {
            return failure;
        }

        await server.Gate.WaitAsync();
        try
        {
            if (server.Client is null || ++server.Unanswered < HungAfterTimeouts)
            {
                return failure;
            }

            var hung = failure with { Detail = $"{failure.Detail}; no answer {server.Unanswered} times in a row, process ended and restarted" };
            server.Unanswered = 0;
            await StopAsync(server, "hung");
            ScheduleRestart(server, hung);
            Exited?.Invoke(new StdioExit(target.Id, hung, server.RestartAt!.Value, server.Crashes));
            _logger.LogWarning("stdio server {ServerId} hung (no answer to {Count} probes); restart at {RestartAt:O}", target.Id, HungAfterTimeouts, server.RestartAt);
            return hung;
        }
        finally
        {
            server.Gate.Release();
        }
    }

    /// <summary>A probe of the server succeeded: its count of unanswered probes starts again.</summary>
    public void ReportAnswered(int serverId)
    {
        if (_servers.TryGetValue(serverId, out var server))
        {
            server.Unanswered = 0;
        }
    }

    /// <summary>Stops the server's process (registry change, server removed or disabled).</summary>
    public async Task ForgetAsync(int serverId)
    {
        if (_servers.TryRemove(serverId, out var server))
        {
            await server.Gate.WaitAsync();
            try
            {
                await StopAsync(server, "forgotten");
            }
            finally
            {
                server.Gate.Release();
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        EndPreviousRun();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var all = _servers.Keys.ToList();
        await Task.WhenAll(all.Select(ForgetAsync));
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);

    /// <summary>Ends processes listed by a previous run that are still the same processes (PID, start time, command line).</summary>
    public int EndPreviousRun()
    {
        var ended = 0;
        if (!ProcessTable.IsSupported)
        {
            return 0;
        }

        foreach (var entry in _pidFile.ReadPrevious())
        {
            if (ProcessTable.IsAlive(entry.Pid, entry.StartTime)
                && ProcessTable.Matches(ProcessTable.CommandLine(entry.Pid), entry.Command, entry.Arguments))
            {
                _logger.LogWarning("Ending stdio server process {Pid} of server {ServerId} left by a previous run", entry.Pid, entry.ServerId);
                ProcessTable.KillAll(ProcessTable.Tree(entry.Pid));
                ended++;
            }
        }

        File.Delete(_pidFile.Path);
        return ended;
    }

    private async Task<McpClient> StartAsync(ProbeTarget target, Supervised server, McpClientOptions clientOptions, CancellationToken ct)
    {
        var definition = target.Definition;
        var transport = new TrackingStdioTransport(new StdioClientTransportOptions
        {
            Name = $"server-{target.Id}",
            Command = definition.Command ?? "",
            Arguments = [.. definition.Arguments],
            WorkingDirectory = string.IsNullOrWhiteSpace(definition.WorkingDirectory) ? null : definition.WorkingDirectory,
            // Never the console's own environment (its master key, connection string, bootstrap secrets).
            InheritEnvironmentVariables = false,
            EnvironmentVariables = ChildEnvironment.Build(definition.Environment, definition.PassThroughEnvironment)
                .ToDictionary(p => p.Key, p => (string?)p.Value),
            ShutdownTimeout = _options.StdioShutdownTimeout,
        }, definition, () => _servers.Values.Select(s => s.Process?.Pid ?? 0).ToList(), server.Noise = new StdoutNoise());

        try
        {
            var client = await McpClient.CreateAsync(transport, clientOptions, cancellationToken: ct);
            server.Client = client;
            server.Fingerprint = target.ConnectionFingerprint();
            server.StartedAt = _time.GetUtcNow();
            server.Unanswered = 0;
            if (transport.ProcessId is { } pid && ProcessTable.StartTime(pid) is { } start)
            {
                server.Process = new TrackedProcess(target.Id, pid, start, definition.Command ?? "", definition.Arguments);
                _pidFile.Add(server.Process);
            }

            if (server.RestartAt is not null && server.LastFailure is { } ended)
            {
                Volatile.Write(ref server.PendingRestart, ProbeRestart.After(ended, server.Crashes));
                server.RestartAt = null;
            }

            _ = WatchAsync(target, server, client);
            return client;
        }
        catch (Exception ex)
        {
            // The handshake failed (garbage on stdout, hang, crash at start): the process must not outlive the attempt.
            if (transport.ProcessId is { } pid)
            {
                ProcessTable.KillAll(ProcessTable.Tree(pid));
            }

            ScheduleRestart(server, Explain(target.Id, ProbeFailureMapper.Map(ex, target, ProbeSteps.Handshake, ct.IsCancellationRequested)));
            throw;
        }
    }

    private async Task<ProbeFailure> RecordExitAsync(ProbeTarget target, Supervised server, Exception? error)
    {
        var failure = error is not null
            ? ProbeFailureMapper.Map(error, target, ProbeSteps.Liveness, false)
            : await CompletionFailureAsync(server.Client!);
        if (failure is { Kind: ProbeFailureKind.TransportClosed, ExitCode: null })
        {
            // A request can fail on the closed pipe before the process has exited; the exit code is what tells an
            // operator why. The SDK's completion carries it once it has seen the exit.
            failure = failure with { ExitCode = await ExitCodeAsync(server) };
        }

        var uptime = _time.GetUtcNow() - server.StartedAt;
        if (uptime >= _stableUptime)
        {
            server.Crashes = 0;
        }

        await StopAsync(server, "exited");
        ScheduleRestart(server, failure);
        _logger.LogWarning("stdio server {ServerId} exited ({Failure}); restart at {RestartAt:O}", target.Id, failure.Kind, server.RestartAt);
        Exited?.Invoke(new StdioExit(target.Id, failure, server.RestartAt!.Value, server.Crashes));
        return failure;
    }

    /// <summary>
    /// Notices the exit of the process behind <paramref name="client"/> the moment the SDK sees it (not at the next
    /// probe). A client stopped on purpose is no longer the server's client by then, so nothing is recorded for it.
    /// </summary>
    private async Task WatchAsync(ProbeTarget target, Supervised server, McpClient client)
    {
        try
        {
            await client.Completion;
            await server.Gate.WaitAsync();
            try
            {
                if (ReferenceEquals(server.Client, client))
                {
                    await RecordExitAsync(target, server, null);
                }
            }
            finally
            {
                server.Gate.Release();
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _logger.LogWarning(ex, "Recording the exit of stdio server {ServerId} failed; the next probe records it", target.Id);
        }
    }

    private static async Task<int?> ExitCodeAsync(Supervised server)
    {
        var wait = TimeSpan.FromSeconds(3);
        if (server.Client is { } client && await Task.WhenAny(client.Completion, Task.Delay(wait)) == client.Completion
            && client.Completion.Result is StdioClientCompletionDetails { ExitCode: { } code })
        {
            return code;
        }

        return server.Process is { } process ? await ProcessTable.ExitCodeAsync(process.Pid, TimeSpan.FromSeconds(1)) : null;
    }

    private void ScheduleRestart(Supervised server, ProbeFailure failure)
    {
        server.Crashes++;
        server.LastFailure = failure;
        server.RestartAt = _time.GetUtcNow() + _backoff.Delay(server.Crashes, Random.Shared);
    }

    private static async Task<ProbeFailure> CompletionFailureAsync(McpClient client)
    {
        var details = await client.Completion;
        return details is StdioClientCompletionDetails stdio
            ? ProbeFailure.TransportClosed(stdio.ExitCode, stdio.StandardErrorTail is { } lines ? string.Join('\n', lines) : null)
            : ProbeFailure.TransportClosed(null, details.Exception?.Message);
    }

    private async Task StopAsync(Supervised server, string why)
    {
        var tree = server.Process is { } p && ProcessTable.IsSupported ? ProcessTable.Tree(p.Pid) : [];
        if (server.Client is { } client)
        {
            server.Client = null;
            try
            {
                await client.DisposeAsync(); // closes stdin, waits ShutdownTimeout, then kills
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _logger.LogDebug(ex, "Disposing stdio client ({Why})", why);
            }
        }

        ProcessTable.KillAll(tree);
        if (server.Process is { } process)
        {
            _pidFile.Remove(process.Pid);
            server.Process = null;
        }
    }

    private sealed class Supervised
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);
        public McpClient? Client { get; set; }
        public string? Fingerprint { get; set; }
        public TrackedProcess? Process { get; set; }
        public DateTimeOffset StartedAt { get; set; }
        public int Crashes { get; set; }
        public DateTimeOffset? RestartAt { get; set; }
        public ProbeFailure? LastFailure { get; set; }
        public ProbeRestart? PendingRestart;
        public StdoutNoise? Noise { get; set; }
        public int Unanswered { get; set; }
    }
}

/// <summary>A supervised process ended: why (exit code, stderr tail), when it is started again, and the attempt in a row.</summary>
public sealed record StdioExit(int ServerId, ProbeFailure Failure, DateTimeOffset RestartAt, int Attempt);
