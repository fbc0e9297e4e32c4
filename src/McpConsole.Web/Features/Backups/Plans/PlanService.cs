using System.Text.Json;
using Cronos;
using McpConsole.Core.Backups;
using McpConsole.Web.Features.Audit;
using McpConsole.Web.Features.Backups.Sources;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;

namespace McpConsole.Web.Features.Backups.Plans;

public sealed record PlanInput(string? Name, IReadOnlyList<string>? Sources, string? Cron, int? KeepLast, int? KeepDaily, int? KeepWeekly, int? KeepMonthly, int? MaxAgeHours, bool? Enabled);

public sealed record PlanView(int Id, string Name, IReadOnlyList<string> Sources, string Cron, int KeepLast, int KeepDaily, int KeepWeekly, int KeepMonthly,
    int MaxAgeHours, bool Enabled, DateTimeOffset? NextRunAt)
{
    public RetentionPolicy Retention => new(KeepLast, KeepDaily, KeepWeekly, KeepMonthly);
}

/// <summary>Backup plans: validated, audited, and kept in step with their Hangfire recurring jobs.</summary>
public sealed class PlanService(IDbContextFactory<ConsoleDbContext> dbFactory, SourceCatalog sources, PlanScheduler scheduler, AuditLog audit, TimeProvider clock)
{
    public async Task<IReadOnlyList<PlanView>> ListAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var plans = await db.Set<BackupPlan>().AsNoTracking().OrderBy(p => p.Name).ToListAsync(ct);
        return plans.Select(View).ToList();
    }

    public async Task<PlanView?> GetAsync(int id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<BackupPlan>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct) is { } p ? View(p) : null;
    }

    public async Task<(PlanView? Plan, IReadOnlyList<string> Errors)> SaveAsync(int? id, PlanInput input, string actor, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var plan = id is null ? new BackupPlan { Name = "", CreatedAt = clock.GetUtcNow() } : await db.Set<BackupPlan>().SingleOrDefaultAsync(p => p.Id == id, ct);
        if (plan is null)
            return (null, ["no such plan"]);
        plan.Name = input.Name?.Trim() ?? plan.Name;
        if (input.Sources is not null)
            plan.SourceKeysJson = JsonSerializer.Serialize(input.Sources.Distinct().ToList());
        plan.Cron = input.Cron?.Trim() ?? plan.Cron;
        plan.KeepLast = input.KeepLast ?? plan.KeepLast;
        plan.KeepDaily = input.KeepDaily ?? plan.KeepDaily;
        plan.KeepWeekly = input.KeepWeekly ?? plan.KeepWeekly;
        plan.KeepMonthly = input.KeepMonthly ?? plan.KeepMonthly;
        plan.MaxAgeHours = input.MaxAgeHours ?? plan.MaxAgeHours;
        plan.Enabled = input.Enabled ?? plan.Enabled;

        var errors = await ValidateAsync(db, plan, ct);
        if (errors.Count > 0)
            return (null, errors);
        if (id is null)
            db.Add(plan);
        await db.SaveChangesAsync(ct);
        var view = View(plan);
        scheduler.Schedule(view);
        await audit.RecordAsync(new AuditRecord(actor, id is null ? "backup.plan.create" : "backup.plan.update", plan.Name,
            $"sources {string.Join(",", view.Sources)}; cron {plan.Cron}; keep last {plan.KeepLast} daily {plan.KeepDaily} weekly {plan.KeepWeekly} monthly {plan.KeepMonthly}"), ct);
        return (view, []);
    }

    public async Task<bool> DeleteAsync(int id, string actor, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var plan = await db.Set<BackupPlan>().SingleOrDefaultAsync(p => p.Id == id, ct);
        if (plan is null)
            return false;
        db.Remove(plan);
        await db.SaveChangesAsync(ct);
        scheduler.Unschedule(id);
        await audit.RecordAsync(new AuditRecord(actor, "backup.plan.delete", plan.Name), ct);
        return true;
    }

    private async Task<List<string>> ValidateAsync(ConsoleDbContext db, BackupPlan plan, CancellationToken ct)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(plan.Name) || plan.Name.Length > 100)
            errors.Add("name is required (at most 100 characters)");
        else if (await db.Set<BackupPlan>().AnyAsync(p => p.Name == plan.Name && p.Id != plan.Id, ct))
            errors.Add($"a plan named '{plan.Name}' already exists");
        if (!CronExpression.TryParse(plan.Cron, out _))
            errors.Add($"'{plan.Cron}' is not a cron expression (five fields, e.g. '0 2 * * *' for daily at 02:00 UTC)");
        var keys = Keys(plan);
        if (keys.Count == 0)
            errors.Add("choose at least one source");
        foreach (var key in keys)
        {
            if (await sources.FindAsync(key, ct) is null)
                errors.Add($"no backup source '{key}'");
        }
        errors.AddRange(new RetentionPolicy(plan.KeepLast, plan.KeepDaily, plan.KeepWeekly, plan.KeepMonthly).Validate() ?? []);
        if (plan.MaxAgeHours is < 1 or > 24 * 366)
            errors.Add("maxAgeHours must be between 1 and 8784");
        return errors;
    }

    private static List<string> Keys(BackupPlan plan) => JsonSerializer.Deserialize<List<string>>(plan.SourceKeysJson) ?? [];

    private PlanView View(BackupPlan p) => new(p.Id, p.Name, Keys(p), p.Cron, p.KeepLast, p.KeepDaily, p.KeepWeekly, p.KeepMonthly, p.MaxAgeHours, p.Enabled,
        p.Enabled && CronExpression.TryParse(p.Cron, out var cron) ? cron.GetNextOccurrence(clock.GetUtcNow(), TimeZoneInfo.Utc) : null);
}
