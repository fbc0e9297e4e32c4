using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.Options;

namespace McpConsole.Web.Features.Backups.Plans;

/// <summary>One Hangfire recurring job per enabled plan ("backup-plan-{id}"), plus the verification and freshness jobs.</summary>
public sealed class PlanScheduler(IRecurringJobManager jobs, JobStorage storage, IOptions<BackupOptions> options)
{
    public const string PlanJobPrefix = "backup-plan-";
    public const string VerifyAllJob = "backup-verify-all";
    public const string FreshnessJob = "backup-freshness";

    public void Schedule(PlanView plan)
    {
        if (!plan.Enabled)
        {
            Unschedule(plan.Id);
            return;
        }
        jobs.AddOrUpdate<BackupJobs>(PlanJobPrefix + plan.Id, j => j.RunPlanAsync(plan.Id, CancellationToken.None), plan.Cron,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
    }

    public void Unschedule(int planId) => jobs.RemoveIfExists(PlanJobPrefix + planId);

    /// <summary>Makes the recurring jobs match the plans table exactly (at start and after the console database is restored).</summary>
    public void SyncAll(IReadOnlyList<PlanView> plans)
    {
        jobs.AddOrUpdate<BackupJobs>(VerifyAllJob, j => j.VerifyAllAsync(CancellationToken.None), options.Value.VerifyCron, new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        jobs.AddOrUpdate<BackupJobs>(FreshnessJob, j => j.CheckFreshnessAsync(CancellationToken.None), "17 * * * *", new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        var wanted = plans.Where(p => p.Enabled).Select(p => PlanJobPrefix + p.Id).ToHashSet(StringComparer.Ordinal);
        using var connection = storage.GetConnection();
        foreach (var job in connection.GetRecurringJobs().Where(j => j.Id.StartsWith(PlanJobPrefix, StringComparison.Ordinal) && !wanted.Contains(j.Id)))
            jobs.RemoveIfExists(job.Id);
        foreach (var plan in plans)
            Schedule(plan);
    }
}
