using Hangfire;
using McpConsole.Core.Backups;
using McpConsole.Core.Text;
using McpConsole.Web.Features.Audit;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;

namespace McpConsole.Web.Features.Backups.Plans;

/// <summary>What the recurring jobs run: a plan's backups then pruning, re-verification of every backup, and the freshness check.</summary>
public sealed class BackupJobs(BackupService backups, BackupStore store, BackupGate gate, PlanService plans, IDbContextFactory<ConsoleDbContext> dbFactory,
    AuditLog audit, TimeProvider clock, ILogger<BackupJobs> logger)
{
    [DisableConcurrentExecution(timeoutInSeconds: 3600)]
    [AutomaticRetry(Attempts = 0)]
    public async Task RunPlanAsync(int planId, CancellationToken ct)
    {
        var plan = await plans.GetAsync(planId, ct);
        if (plan is null)
            return;
        var actor = $"plan:{plan.Name}";
        foreach (var key in plan.Sources)
        {
            var (backup, error) = await backups.BackupNowAsync(key, actor, null, ct, planId);
            if (backup is null || backup.Status != nameof(BackupStatus.Verified))
            {
                await RecordEventAsync("BackupFailed", planId, key, error ?? $"backup {backup?.Id} did not verify: {string.Join("; ", backup?.Problems ?? [])}", ct);
                continue;
            }
            await PruneAsync(plan, key, actor, ct);
        }
    }

    /// <summary>Applies the plan's retention to its good backups of one source; corrupt ones are left for an operator to inspect.</summary>
    public async Task<RetentionDecision> PruneAsync(PlanView plan, string sourceKey, string actor, CancellationToken ct)
    {
        RetentionDecision decision;
        using (await gate.EnterAsync(ct))
        {
            var candidates = store.List()
                .Where(b => b.Manifest is { IsSafetyBackup: false } m && m.PlanId == plan.Id && m.SourceKey == sourceKey && b.State.Status != BackupStatus.Corrupt)
                .Select(b => (b.Id, b.CreatedAt));
            decision = plan.Retention.Apply(candidates);
            foreach (var id in decision.Pruned)
                store.Delete(id);
        }
        if (decision.Pruned.Count > 0)
            await audit.RecordAsync(new AuditRecord(actor, "backup.prune", sourceKey, $"removed {decision.Pruned.Count}: {string.Join(", ", decision.Pruned)}"), ct);
        return decision;
    }

    [DisableConcurrentExecution(timeoutInSeconds: 3600)]
    [AutomaticRetry(Attempts = 0)]
    public async Task VerifyAllAsync(CancellationToken ct)
    {
        foreach (var backup in store.List().Where(b => b.State.Status != BackupStatus.Corrupt))
        {
            var state = await backups.VerifyAsync(backup.Id, "system", null, ct);
            if (state is { Status: BackupStatus.Corrupt })
                await RecordEventAsync("VerifyFailed", backup.Manifest?.PlanId, backup.Manifest?.SourceKey, $"backup {backup.Id} is corrupt: {string.Join("; ", state.Problems)}", ct);
        }
    }

    [AutomaticRetry(Attempts = 0)]
    public Task CheckFreshnessAsync(CancellationToken ct) => CheckFreshnessAtAsync(clock.GetUtcNow(), ct);

    /// <summary>One BackupStale event per plan and source whose newest good backup is older than the plan allows (at most one a day each).</summary>
    public async Task<int> CheckFreshnessAtAsync(DateTimeOffset now, CancellationToken ct)
    {
        var raised = 0;
        var all = store.List();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var created = await db.Set<BackupPlan>().AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.CreatedAt, ct);
        foreach (var plan in (await plans.ListAsync(ct)).Where(p => p.Enabled))
        {
            foreach (var key in plan.Sources)
            {
                var lastGood = all.Where(b => b.Manifest?.PlanId == plan.Id && b.Manifest.SourceKey == key && b.State.Status == BackupStatus.Verified)
                    .Select(b => (DateTimeOffset?)b.CreatedAt).Max();
                if (!BackupFreshness.IsStale(lastGood, created[plan.Id], TimeSpan.FromHours(plan.MaxAgeHours), now))
                    continue;
                var since = now.AddDays(-1);
                if (await db.Set<BackupEvent>().AnyAsync(e => e.Kind == "BackupStale" && e.PlanId == plan.Id && e.SourceKey == key && e.Timestamp > since, ct))
                    continue;
                var age = lastGood is { } t ? $"the last good backup is {(now - t).TotalHours:0} h old" : "there is no good backup yet";
                await RecordEventAsync("BackupStale", plan.Id, key, $"plan '{plan.Name}': {age} (allowed: {plan.MaxAgeHours} h)", ct, now);
                raised++;
            }
        }
        return raised;
    }

    private async Task RecordEventAsync(string kind, int? planId, string? sourceKey, string message, CancellationToken ct, DateTimeOffset? at = null)
    {
        logger.LogWarning("Backup event {Kind} for plan {PlanId} source {Source}: {Message}", kind, planId, sourceKey, message);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Add(new BackupEvent { Kind = kind, PlanId = planId, SourceKey = sourceKey, Message = SafeText.Cut(message, 4000), Timestamp = at ?? clock.GetUtcNow() });
        await db.SaveChangesAsync(ct);
    }

    public async Task<IReadOnlyList<BackupEvent>> RecentEventsAsync(int take, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<BackupEvent>().AsNoTracking().OrderByDescending(e => e.Timestamp).ThenByDescending(e => e.Id).Take(take).ToListAsync(ct);
    }
}
