using Hangfire;
using McpConsole.Core.Alerts;
using McpConsole.Web.Features.Alerts;
using McpConsole.Web.Features.Audit;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;

namespace McpConsole.Web.Features.Reports;

/// <summary>A report as the API and page send it. Preset ("daily", "weekly", "monthly") fills Cron and PeriodDays when given.</summary>
public sealed record ReportInput(string Name, string? Preset, string? Cron, string? TimeZone, string Recipients, IReadOnlyList<string> Sections,
    int ChannelId, int? PeriodDays = null, bool Enabled = true);

public sealed record ReportView(int Id, string Name, string Cron, string TimeZone, string Recipients, IReadOnlyList<string> Sections,
    int ChannelId, int PeriodDays, bool Enabled)
{
    public static ReportView From(ReportDefinition r) =>
        new(r.Id, r.Name, r.Cron, r.TimeZone, r.Recipients, r.Sections.Split(',', StringSplitOptions.RemoveEmptyEntries), r.ChannelId, r.PeriodDays, r.Enabled);
}

/// <summary>Report definitions and their Hangfire recurring jobs ("report-{id}", cron in the report's time zone).</summary>
public sealed class ReportCatalog(IDbContextFactory<ConsoleDbContext> dbFactory, IRecurringJobManager recurring, IBackgroundJobClient jobs, AuditLog audit)
{
    public static string JobId(int id) => $"report-{id}";

    public async Task<IReadOnlyList<ReportView>> ListAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return [.. (await db.Set<ReportDefinition>().AsNoTracking().OrderBy(r => r.Name).ToListAsync(ct)).Select(ReportView.From)];
    }

    public async Task<Change<ReportView>> SaveAsync(int? id, ReportInput input, string actor, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (cron, period, error) = Normalize(input);
        if (error is null && !await db.Set<AlertChannel>().AnyAsync(c => c.Id == input.ChannelId && c.Kind == ChannelKinds.Email, ct))
            error = "choose an e-mail channel to send the report through";
        if (error is null && await db.Set<ReportDefinition>().AnyAsync(r => r.Name == input.Name.Trim() && r.Id != (id ?? 0), ct))
            error = $"a report named '{input.Name.Trim()}' already exists";
        if (error is not null)
            return Change<ReportView>.Refused(error);
        var row = id is null ? null : await db.Set<ReportDefinition>().FindAsync([id.Value], ct);
        if (id is not null && row is null)
            return Change<ReportView>.Missing();
        row ??= db.Add(new ReportDefinition { Name = "", Cron = "", Recipients = "", Sections = "" }).Entity;
        row.Name = input.Name.Trim();
        row.Cron = cron!;
        row.TimeZone = string.IsNullOrWhiteSpace(input.TimeZone) ? "UTC" : input.TimeZone.Trim();
        row.Recipients = string.Join(", ", ChannelRecipients.Parse(input.Recipients));
        row.Sections = string.Join(',', ReportSections.Parse(input.Sections).Sections!);
        row.ChannelId = input.ChannelId;
        row.PeriodDays = period;
        row.Enabled = input.Enabled;
        await db.SaveChangesAsync(ct);
        Schedule(row);
        await audit.RecordAsync(new AuditRecord(actor, id is null ? "reports.add" : "reports.update", row.Name, $"{row.Cron} {row.TimeZone} to {row.Recipients}"), ct);
        return Change<ReportView>.Ok(ReportView.From(row));
    }

    public async Task<bool> DeleteAsync(int id, string actor, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Set<ReportDefinition>().FindAsync([id], ct);
        if (row is null)
            return false;
        db.Remove(row);
        await db.SaveChangesAsync(ct);
        recurring.RemoveIfExists(JobId(id));
        await audit.RecordAsync(new AuditRecord(actor, "reports.delete", row.Name), ct);
        return true;
    }

    /// <summary>Queues a run now as a Hangfire job (retried through an SMTP outage); the job id.</summary>
    public async Task<string?> SendNowAsync(int id, string actor, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var name = await db.Set<ReportDefinition>().Where(r => r.Id == id).Select(r => r.Name).FirstOrDefaultAsync(ct);
        if (name is null)
            return null;
        var jobId = jobs.Enqueue<ReportRunner>(r => r.RunAsync(id, null, null));
        await audit.RecordAsync(new AuditRecord(actor, "reports.send", name, $"job {jobId}"), ct);
        return jobId;
    }

    /// <summary>Registers every report's recurring job (at start: definitions are the source of truth).</summary>
    public async Task SyncAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        foreach (var row in await db.Set<ReportDefinition>().AsNoTracking().ToListAsync(ct))
            Schedule(row);
    }

    private void Schedule(ReportDefinition row)
    {
        if (!row.Enabled)
        {
            recurring.RemoveIfExists(JobId(row.Id));
            return;
        }

        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(row.TimeZone, out var z) ? z : TimeZoneInfo.Utc;
        var id = row.Id;
        recurring.AddOrUpdate<ReportRunner>(JobId(id), r => r.RunAsync(id, null, null), row.Cron, new RecurringJobOptions { TimeZone = zone });
    }

    private static (string? Cron, int Period, string? Error) Normalize(ReportInput input)
    {
        if (string.IsNullOrWhiteSpace(input.Name) || input.Name.Length > 100)
            return (null, 0, "a report needs a name of at most 100 characters");
        var cron = string.IsNullOrWhiteSpace(input.Preset) ? input.Cron?.Trim() : ReportSchedule.Preset(input.Preset);
        if (cron is null)
            return (null, 0, string.IsNullOrWhiteSpace(input.Preset) ? "give a schedule: a preset or a cron expression" : $"unknown preset '{input.Preset}' (daily, weekly, monthly)");
        if (ReportSchedule.Validate(cron) is { } cronError)
            return (null, 0, cronError);
        if (!string.IsNullOrWhiteSpace(input.TimeZone) && !TimeZoneInfo.TryFindSystemTimeZoneById(input.TimeZone.Trim(), out _))
            return (null, 0, $"unknown time zone '{input.TimeZone}' (use an IANA name such as Europe/Berlin)");
        var recipients = ChannelRecipients.Parse(input.Recipients);
        if (recipients.Count == 0)
            return (null, 0, "add at least one recipient");
        if (recipients.FirstOrDefault(a => !AlertsAdmin.IsAddress(a)) is { } bad)
            return (null, 0, $"'{bad}' is not an e-mail address");
        if (ReportSections.Parse(input.Sections).Error is { } sectionError)
            return (null, 0, sectionError);
        var period = input.PeriodDays ?? (input.Preset?.ToLowerInvariant()) switch { "daily" => 1, "monthly" => 30, _ => 7 };
        return period is < 1 or > 366 ? (null, 0, "the period must be 1 to 366 days") : (cron, period, null);
    }
}
