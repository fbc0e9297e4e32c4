using Hangfire;
using McpConsole.Web.Features.Metrics.Rollups;
using McpConsole.Web.Infrastructure.Jobs;
using Microsoft.Extensions.Options;

namespace McpConsole.Web.Features.Metrics;

/// <summary>Minute and hour roll-ups, retention and incremental vacuum, on the crons in McpConsole:Metrics.</summary>
internal sealed class MetricsJobs(IOptions<MetricsOptions> options) : IRecurringJobs
{
    public void Schedule(IRecurringJobManager jobs)
    {
        var o = options.Value;
        var utc = new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc };
        jobs.AddOrUpdate<RollupJob>(MetricsSetup.MinuteJobId, j => j.RollUpMinutesAsync(CancellationToken.None), o.MinuteRollupCron, utc);
        jobs.AddOrUpdate<RollupJob>(MetricsSetup.HourJobId, j => j.RollUpHoursAsync(CancellationToken.None), o.HourRollupCron, utc);
        jobs.AddOrUpdate<RetentionJob>(MetricsSetup.RetentionJobId, j => j.ApplyAsync(CancellationToken.None), o.RetentionCron, utc);
        jobs.AddOrUpdate<RetentionJob>(MetricsSetup.VacuumJobId, j => j.VacuumAsync(CancellationToken.None), o.VacuumCron, utc);
    }
}
