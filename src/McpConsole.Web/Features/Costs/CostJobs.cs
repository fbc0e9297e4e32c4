using Hangfire;
using McpConsole.Web.Infrastructure.Jobs;
using Microsoft.Extensions.Options;

namespace McpConsole.Web.Features.Costs;

/// <summary>The hourly resource roll-up and the daily cost threshold check, on the crons in McpConsole:Costs.</summary>
internal sealed class CostJobs(IOptions<CostOptions> options) : IRecurringJobs
{
    public void Schedule(IRecurringJobManager jobs)
    {
        var utc = new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc };
        jobs.AddOrUpdate<ResourceRollupJob>(CostsSetup.RollupJobId, j => j.RunAsync(CancellationToken.None), options.Value.RollupCron, utc);
        jobs.AddOrUpdate<CostThresholdAlerts>(CostsSetup.ThresholdJobId, j => j.CheckAsync(CancellationToken.None), options.Value.ThresholdCron, utc);
    }
}
