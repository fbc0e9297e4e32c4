using Hangfire;
using McpConsole.Web.Infrastructure.Jobs;

namespace McpConsole.Web.Features.Failover;

/// <summary>
/// The Hangfire recurring job (every second) that runs the checks of every group whose interval has elapsed, groups
/// in parallel. It never overlaps itself: a tick that finds the previous one still running gives up after 1 s and is
/// deleted, not retried, so ticks never pile up.
/// </summary>
public sealed class FailoverJob(FailoverStore store, FailoverCoordinator coordinator, ILogger<FailoverJob> logger)
{
    public const string RecurringJobId = "failover-checks";

    [DisableConcurrentExecution(timeoutInSeconds: 1)]
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    public async Task RunDueChecksAsync(CancellationToken ct)
    {
        var due = await store.DueGroupsAsync(ct);
        await Task.WhenAll(due.Select(id => RunOneAsync(id, ct)));
    }

    private async Task RunOneAsync(int groupId, CancellationToken ct)
    {
        try
        {
            await coordinator.RunCheckAsync(groupId, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogError(ex, "Failover check of group {GroupId} failed", groupId);
        }
    }
}

/// <summary>Registers (or removes) the recurring job at start-up.</summary>
internal sealed class FailoverJobs(Microsoft.Extensions.Options.IOptions<FailoverOptions> options) : IRecurringJobs
{
    public void Schedule(IRecurringJobManager jobs)
    {
        if (options.Value.Enabled)
            jobs.AddOrUpdate<FailoverJob>(FailoverJob.RecurringJobId, j => j.RunDueChecksAsync(CancellationToken.None), options.Value.TickCron);
        else
            jobs.RemoveIfExists(FailoverJob.RecurringJobId);
    }
}

/// <summary>McpConsole:Failover settings.</summary>
public sealed class FailoverOptions
{
    public const string Section = "McpConsole:Failover";

    /// <summary>Run the checks job (default true). Tests switch it off to drive decisions themselves.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the job looks for due groups (seconds-level cron, default every second).</summary>
    public string TickCron { get; set; } = "* * * * * *";
}
