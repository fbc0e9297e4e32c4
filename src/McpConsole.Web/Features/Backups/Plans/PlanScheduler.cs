using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.Options;

namespace McpConsole.Web.Features.Backups.Plans;

/// <summary>
/// One Hangfire recurring job per enabled plan ("backup-plan-{id}"), plus the verification and freshness jobs.
/// One change at a time: a full sync reads the plans inside the gate, so a plan saved meanwhile is never unscheduled
/// by a sync that read the table before it.
/// </summary>
public sealed class PlanScheduler(IRecurringJobManager jobs, JobStorage storage, IOptions<BackupOptions> options)
{
    public const string PlanJobPrefix = "backup-plan-";
    public const string VerifyAllJob = "backup-verify-all";
    public const string FreshnessJob = "backup-freshness";

    private readonly SemaphoreSlim _gate = new(1, 1);

    public void Schedule(PlanView plan) => Gated(() => Apply(plan));

    public void Unschedule(int planId) => Gated(() => jobs.RemoveIfExists(PlanJobPrefix + planId));

    /// <summary>Makes the recurring jobs match the plans table exactly (at start and after the console database is restored).</summary>
    public async Task SyncAllAsync(Func<CancellationToken, Task<IReadOnlyList<PlanView>>> readPlans, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            SyncAll(await readPlans(ct));
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Gated(Action change)
    {
        _gate.Wait();
        try
        {
            change();
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Apply(PlanView plan)
    {
        if (!plan.Enabled)
        {
            jobs.RemoveIfExists(PlanJobPrefix + plan.Id);
            return;
        }
        jobs.AddOrUpdate<BackupJobs>(PlanJobPrefix + plan.Id, j => j.RunPlanAsync(plan.Id, CancellationToken.None), plan.Cron,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
    }

    private void SyncAll(IReadOnlyList<PlanView> plans)
    {
        jobs.AddOrUpdate<BackupJobs>(VerifyAllJob, j => j.VerifyAllAsync(CancellationToken.None), options.Value.VerifyCron, new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        jobs.AddOrUpdate<BackupJobs>(FreshnessJob, j => j.CheckFreshnessAsync(CancellationToken.None), "17 * * * *", new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        var wanted = plans.Where(p => p.Enabled).Select(p => PlanJobPrefix + p.Id).ToHashSet(StringComparer.Ordinal);
        using var connection = storage.GetConnection();
        foreach (var job in connection.GetRecurringJobs().Where(j => j.Id.StartsWith(PlanJobPrefix, StringComparison.Ordinal) && !wanted.Contains(j.Id)))
            jobs.RemoveIfExists(job.Id);
        foreach (var plan in plans)
            Apply(plan);
    }
}
