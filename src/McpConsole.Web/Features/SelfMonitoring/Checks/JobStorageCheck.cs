using Hangfire;
using Hangfire.Storage.Monitoring;
using McpConsole.Core.Alerts;
using Microsoft.Extensions.Options;

namespace McpConsole.Web.Features.SelfMonitoring.Checks;

/// <summary>Job storage (Hangfire) not answering: backups, roll-ups, reports and retention stop running.</summary>
public sealed class JobStorageCheck(JobStorage storage, SelfStatus status, IOptions<SelfMonitoringOptions> options) : ISelfCheck
{
    private Task<StatisticsDto>? _pending;

    public string Kind => AlertKinds.ConsoleJobStorageFailing;

    public async Task<SelfCheckResult> RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        try
        {
            // The monitoring API is synchronous and can block on a dead database: bounded by the timeout, and a call still
            // hanging from an earlier evaluation is waited for again instead of tying up one more thread each time.
            if (_pending is null || _pending.IsCompleted)
                _pending = Task.Run(() => storage.GetMonitoringApi().GetStatistics(), CancellationToken.None);
            var stats = await _pending.WaitAsync(options.Value.JobStorageTimeout, ct);
            status.FailedJobs = stats.Failed;
            return SelfCheckResult.Pass(Kind);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            status.FailedJobs = null;
            var reason = ex is TimeoutException ? $"no answer within {options.Value.JobStorageTimeout.TotalSeconds:0} s" : ex.GetType().Name;
            return new SelfCheckResult(Kind, true,
                $"Job storage is not answering ({reason}): backups, roll-ups, reports and retention jobs are not running.",
                "Check the jobs database (jobs.db in the data directory, or the hangfire schema in PostgreSQL) and free disk space; the console log has the error.");
        }
    }
}
