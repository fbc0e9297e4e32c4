using McpConsole.Core.Text;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;

namespace McpConsole.Web.Features.Audit;

/// <summary>The one place operator actions, logins and API key use are recorded.</summary>
public sealed class AuditLog(IDbContextFactory<ConsoleDbContext> dbFactory, TimeProvider clock, ILogger<AuditLog> logger)
{
    public async Task RecordAsync(AuditRecord record, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.AuditLog.Add(new AuditEntry
        {
            Timestamp = clock.GetUtcNow(),
            Actor = Truncate(record.Actor, 200)!,
            Action = record.Action,
            Target = Truncate(record.Target, 400),
            Details = Truncate(record.Details, 4000),
            Succeeded = record.Succeeded,
            RemoteAddress = record.RemoteAddress,
        });
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Audit {Action} by {Actor} on {Target}: {Outcome}",
            record.Action, record.Actor, record.Target, record.Succeeded ? "ok" : "failed");
    }

    public async Task<AuditResults> QueryAsync(AuditQuery query, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = db.AuditLog.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Actor))
            q = q.Where(a => a.Actor.Contains(query.Actor));
        if (!string.IsNullOrWhiteSpace(query.Action))
            q = q.Where(a => a.Action.StartsWith(query.Action));
        if (!string.IsNullOrWhiteSpace(query.Text))
            q = q.Where(a => (a.Target != null && a.Target.Contains(query.Text)) || (a.Details != null && a.Details.Contains(query.Text)));
        if (query.From is { } from)
            q = q.Where(a => a.Timestamp >= from);
        if (query.To is { } to)
            q = q.Where(a => a.Timestamp < to);
        if (query.FailuresOnly)
            q = q.Where(a => !a.Succeeded);

        var total = await q.CountAsync(ct);
        var items = await q.OrderByDescending(a => a.Timestamp).ThenByDescending(a => a.Id)
            .Skip(query.Skip).Take(Math.Clamp(query.Take, 1, 500)).ToListAsync(ct);
        return new AuditResults(items, total);
    }

    private static string? Truncate(string? value, int max) => SafeText.CutOrNull(value, max);
}

public sealed record AuditRecord(string Actor, string Action, string? Target = null, string? Details = null, bool Succeeded = true, string? RemoteAddress = null);

public sealed record AuditQuery(string? Actor = null, string? Action = null, string? Text = null, DateTimeOffset? From = null, DateTimeOffset? To = null, bool FailuresOnly = false, int Skip = 0, int Take = 50);

public sealed record AuditResults(IReadOnlyList<AuditEntry> Items, int Total);
