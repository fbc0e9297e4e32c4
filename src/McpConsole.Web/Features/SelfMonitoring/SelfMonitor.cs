using McpConsole.Web.Features.Alerts;
using McpConsole.Web.Features.ScaleOut;
using McpConsole.Web.Infrastructure;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.Extensions.Options;

namespace McpConsole.Web.Features.SelfMonitoring;

/// <summary>
/// Runs every self-check each <see cref="SelfMonitoringOptions.Interval"/>, keeps the results in <see cref="SelfStatus"/>,
/// logs each change, and raises (or resolves) one console-level alert per failing check through <see cref="AlertSignals"/>
/// (subject "console"), so it reaches the normal channels. When the database cannot store the alert (disk full), the
/// notice is sent straight to the channels (<see cref="DirectNotices"/>), the failure shows in the overview banner,
/// /metrics and the log, the heartbeat stops, and the alert is stored on the first evaluation after the database
/// accepts writes again, with its original start time.
/// </summary>
public sealed partial class SelfMonitor(IEnumerable<ISelfCheck> checks, SelfStatus status, AlertSignals signals, DirectNotices direct, TimeProvider clock,
    IOptions<SelfMonitoringOptions> options, ConsoleDatabase database, IOptions<ScaleOutOptions> scaleOut, IHostApplicationLifetime lifetime,
    ILogger<SelfMonitor> logger) : BackgroundService
{
    // Several instances on PostgreSQL each check themselves (disk, writer, probing): one alert per instance, so a healthy
    // instance never resolves another one's alert. The name is the configured instance id or the host name (stable across restarts).
    private readonly string? _instance = database.IsPostgres ? scaleOut.Value.InstanceId is { Length: > 0 } id ? id : Environment.MachineName : null;

    /// <summary>"console", or "console HOST" with several instances.</summary>
    public string Subject => _instance is null ? "console" : $"console {_instance}";

    public string KeyFor(string kind) => _instance is null ? $"console:{kind}" : $"console:{_instance}:{kind}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await lifetime.WhenStartedAsync(stoppingToken);
        using var timer = new PeriodicTimer(options.Value.Interval, clock);
        do
        {
            try
            {
                await EvaluateAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Self-monitoring evaluation failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One evaluation: run the checks, update the status, log changes, raise and resolve the alerts.</summary>
    public async Task EvaluateAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var results = new List<SelfCheckResult>();
        foreach (var check in checks)
            results.Add(await RunAsync(check, now, ct));

        foreach (var change in status.Update(results, now))
        {
            if (change.Failing)
                LogFailing(logger, change.Kind, change.Problem, change.Action);
            else
                LogPassing(logger, change.Kind);
        }

        await StoreAlertsAsync(ct);
    }

    private async Task<SelfCheckResult> RunAsync(ISelfCheck check, DateTimeOffset now, CancellationToken ct)
    {
        try
        {
            return await check.RunAsync(now, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // A check that cannot look (the database does not answer) keeps its last result instead of flapping to green.
            logger.LogWarning(ex, "Self-check {Kind} could not run", check.Kind);
            return status.Checks.FirstOrDefault(c => c.Kind == check.Kind) is { } last
                ? new SelfCheckResult(last.Kind, last.Failing, last.Problem, last.Action)
                : SelfCheckResult.Pass(check.Kind);
        }
    }

    private async Task StoreAlertsAsync(CancellationToken ct)
    {
        foreach (var failing in status.Failing)
        {
            try
            {
                await signals.RaiseAsync(failing.Kind, Subject, KeyFor(failing.Kind), $"{failing.Problem} {failing.Action}", since: failing.Since, ct: ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogNotStored(logger, failing.Kind, ex.GetBaseException().Message);
                await direct.FiringAsync(failing, Subject, KeyFor(failing.Kind), ct);
            }
        }

        var passing = status.Checks.Where(c => !c.Failing).ToList();
        foreach (var check in passing)
            await direct.ResolvedAsync(check, Subject, KeyFor(check.Kind), ct);
        try
        {
            if (passing.Count > 0)
                await signals.ResolveAsync([.. passing.Select(c => KeyFor(c.Kind))], ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogNotStored(logger, "resolved", ex.GetBaseException().Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Console self-check {Kind} failing: {Problem} {Action}")]
    private static partial void LogFailing(ILogger logger, string kind, string problem, string action);

    [LoggerMessage(Level = LogLevel.Information, Message = "Console self-check {Kind} passes again")]
    private static partial void LogPassing(ILogger logger, string kind);

    [LoggerMessage(Level = LogLevel.Error, Message = "Console self-alert {Kind} could not be stored (it shows on the overview and /metrics, and is stored once the database accepts writes): {Error}")]
    private static partial void LogNotStored(ILogger logger, string kind, string error);
}
