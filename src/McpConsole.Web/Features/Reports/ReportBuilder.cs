using McpConsole.Core.Health;
using McpConsole.Core.Metrics;
using McpConsole.Web.Features.Alerts;
using McpConsole.Web.Features.Backups;
using McpConsole.Web.Features.Costs;
using McpConsole.Web.Features.Metrics.Series;
using McpConsole.Web.Features.Probing;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;

namespace McpConsole.Web.Features.Reports;

/// <summary>Reads what each section needs for the report period from the registry, state events, metrics and backups.</summary>
public sealed class ReportBuilder(IDbContextFactory<ConsoleDbContext> dbFactory, ServerMetricsService metrics, BackupService backups, CostService costs,
    RecommendationBoard recommendations, TimeProvider clock)
{
    public const int MaxRows = 100;
    private static readonly string[] ProblemStates = ["Down", "Degraded", "Unauthorized", "Misconfigured"];

    public async Task<ReportData> BuildAsync(ReportDefinition definition, CancellationToken ct)
    {
        var to = clock.GetUtcNow();
        var from = to - TimeSpan.FromDays(definition.PeriodDays);
        var sections = ReportSections.Parse(definition.Sections.Split(',')).Sections ?? ReportSections.All;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var names = await db.Servers.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        return new ReportData(definition.Name, from, to, definition.TimeZone, sections,
            sections.Contains(ReportSection.FleetHealth) ? await FleetAsync(db, definition.PeriodDays, ct) : null,
            sections.Contains(ReportSection.Incidents) ? await IncidentsAsync(db, names, from, ct) : null,
            sections.Contains(ReportSection.Backups) ? Backups(from) : null,
            sections.Contains(ReportSection.CatalogChanges) ? await CatalogAsync(db, names, from, ct) : null,
            sections.Contains(ReportSection.Failovers) ? await FailoverReport.BuildAsync(db, names, from, MaxRows, ct) : null,
            sections.Contains(ReportSection.Costs) ? await CostsAsync(definition.PeriodDays, ct) : null);
    }

    private async Task<FleetHealthData> FleetAsync(ConsoleDbContext db, int days, CancellationToken ct)
    {
        var servers = await db.Servers.AsNoTracking()
            .GroupJoin(db.ServerStatus.AsNoTracking(), s => s.Id, st => st.ServerId, (s, st) => new { s, st })
            .SelectMany(x => x.st.DefaultIfEmpty(), (x, st) => new { Server = x.s, Status = st })
            .ToListAsync(ct);
        // The state as every page shows it: a stale one is Unknown, never the last green (StateFreshness).
        var now = clock.GetUtcNow();
        var judged = servers.Select(x => new
        {
            x.Server.Id, x.Server.Name, x.Server.Group,
            StateFreshness.Evaluate(ServerFreshness.Of(x.Status, x.Server), now).State,
        });
        var range = days <= 1 ? MetricsRange.Day : days <= 7 ? MetricsRange.Week : MetricsRange.Month;
        var rows = new List<ServerHealthRow>();
        foreach (var s in judged.OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase))
        {
            var m = await metrics.GetAsync(s.Id, range, ct);
            rows.Add(new ServerHealthRow(s.Name, s.Group, s.State, m?.AvailabilityPercent, m?.Slo.TargetPercent ?? await metrics.TargetAsync(s.Id, ct)));
        }

        return new FleetHealthData(rows.Count, rows.Count(r => r.State == "Healthy"), rows.Count(r => r.State == "Degraded"),
            rows.Count(r => r.State == "Down"), rows.Count(r => r.State is not ("Healthy" or "Degraded" or "Down")),
            rows.Count(r => r.MeetsTarget), rows);
    }

    private static async Task<IReadOnlyList<IncidentRow>> IncidentsAsync(ConsoleDbContext db, Dictionary<int, string> names, DateTimeOffset from, CancellationToken ct)
    {
        var events = await db.StateEvents.AsNoTracking()
            .Where(e => e.At >= from && e.FromState != e.ToState && ProblemStates.Contains(e.ToState))
            .OrderByDescending(e => e.At).Take(MaxRows).ToListAsync(ct);
        return [.. events.Select(e => new IncidentRow(names.GetValueOrDefault(e.ServerId, $"#{e.ServerId}"), e.At, e.FromState, e.ToState, e.Reason))];
    }

    private async Task<CostReport> CostsAsync(int days, CancellationToken ct)
    {
        var open = await recommendations.ListAsync(ct);
        return new CostReport(await costs.SummaryAsync(days, ct), [.. open.Items.Take(MaxRows)], open.Waiting);
    }

    private BackupData Backups(DateTimeOffset from)
    {
        var all = backups.List();
        var sources = all.GroupBy(b => b.SourceName)
            .Select(g => new BackupSourceRow(g.Key,
                g.Where(b => b.Restorable && b.Status == nameof(BackupStatus.Verified)).Select(b => (DateTimeOffset?)b.CreatedAt).Max(),
                g.Count(b => b.CreatedAt >= from && b.Status == nameof(BackupStatus.Corrupt))))
            .OrderBy(s => s.Source, StringComparer.OrdinalIgnoreCase).ToList();
        return new BackupData(all.Count, all.Count(b => b.Status == nameof(BackupStatus.Verified)), all.Count(b => b.Status == nameof(BackupStatus.Corrupt)), sources);
    }

    private static async Task<IReadOnlyList<CatalogChangeRow>> CatalogAsync(ConsoleDbContext db, Dictionary<int, string> names, DateTimeOffset from, CancellationToken ct)
    {
        // Probing records a catalog change as a same-state event whose reason is the diff ("tool catalog changed: +a -b").
        var events = await db.StateEvents.AsNoTracking()
            .Where(e => e.At >= from && e.FromState == e.ToState && e.Reason.StartsWith("tool catalog changed"))
            .OrderByDescending(e => e.At).Take(MaxRows).ToListAsync(ct);
        return [.. events.Select(e => new CatalogChangeRow(names.GetValueOrDefault(e.ServerId, $"#{e.ServerId}"), e.At, e.Reason))];
    }
}
