using McpConsole.Core.Alerts;
using McpConsole.Core.Failover;
using McpConsole.Web.Features.Failover;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;

namespace McpConsole.Web.Features.Reports;

/// <summary>The failovers section: per group, the steps that page someone (and "no healthy standby") in the period.</summary>
public static class FailoverReport
{
    public static async Task<IReadOnlyList<FailoverGroupReport>> BuildAsync(ConsoleDbContext db, Dictionary<int, string> names, DateTimeOffset from,
        int maxRowsPerGroup, CancellationToken ct)
    {
        var groups = await db.Set<FailoverGroup>().AsNoTracking().Select(g => new { g.Id, g.Name, g.State, g.ActiveServerId }).ToListAsync(ct);
        var events = await db.Set<FailoverEvent>().AsNoTracking().Where(e => e.At >= from).ToListAsync(ct);
        return [.. groups.OrderBy(g => g.Name, StringComparer.OrdinalIgnoreCase).Select(g => new FailoverGroupReport(
            g.Name, g.State, names.GetValueOrDefault(g.ActiveServerId),
            [.. events.Where(e => e.GroupId == g.Id && Reported(e.Kind)).OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(maxRowsPerGroup)
                .Select(e => new FailoverEventRow(e.At, e.Kind, e.ServerName, FailoverAlertRules.DescribeTrigger(e.Trigger), e.Message, e.Critical))]))];
    }

    private static bool Reported(string kind) => FailoverAlertRules.KindFor(kind) is not null || kind == nameof(FailoverEventKind.NoHealthyStandby);
}
