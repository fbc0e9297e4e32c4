using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using McpConsole.Web.Features.Alerts;

namespace McpConsole.Web.Features.Reports;

/// <summary>
/// Renders a report as e-mail HTML (the ReportEmail component through HtmlRenderer) plus a plain-text alternative.
/// Each render gets its own service scope: the renderer resolves scoped services (ComponentsActivitySource among them),
/// and a Hangfire job or a singleton has no request scope to lend it.
/// </summary>
public sealed class ReportRenderer(IServiceScopeFactory scopes, ILoggerFactory loggerFactory)
{
    public async Task<OutgoingMessage> RenderAsync(ReportData data)
    {
        await using var scope = scopes.CreateAsyncScope();
        await using var renderer = new HtmlRenderer(scope.ServiceProvider, loggerFactory);
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<ReportEmail>(ParameterView.FromDictionary(new Dictionary<string, object?> { [nameof(ReportEmail.Data)] = data }));
            return output.ToHtmlString();
        });
        var document = $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{System.Net.WebUtility.HtmlEncode(data.Name)}</title></head><body style=\"margin:0;padding:16px\">{html}</body></html>";
        return new OutgoingMessage($"[McpConsole] {data.Name}: {Local(data.To, data.TimeZone)[..10]}", document, Text(data));
    }

    public static string Text(ReportData data)
    {
        var t = new StringBuilder();
        t.AppendLine(data.Name).AppendLine($"{Local(data.From, data.TimeZone)} to {Local(data.To, data.TimeZone)} ({data.TimeZone})");
        foreach (var section in data.Sections)
        {
            t.AppendLine().AppendLine(ReportSections.Title(section).ToUpperInvariant());
            if (ReportData.MissingSource(section) is { } missing)
            {
                t.AppendLine(missing);
                continue;
            }

            switch (section)
            {
                case ReportSection.FleetHealth when data.Fleet is { } f:
                    t.AppendLine($"{f.Total} servers: {f.Healthy} healthy, {f.Degraded} degraded, {f.Down} down, {f.Other} other. {f.MeetingTarget} of {f.Total} meet their availability target.");
                    foreach (var s in f.Servers)
                        t.AppendLine($"- {s.Name}: {s.State}, availability {(s.AvailabilityPercent is { } a ? $"{a:0.###} %" : "no probes")} (target {s.TargetPercent:0.###} %)");
                    break;
                case ReportSection.Incidents when data.Incidents is { } incidents:
                    if (incidents.Count == 0)
                        t.AppendLine("No incidents in this period.");
                    foreach (var i in incidents)
                        t.AppendLine($"- {Local(i.At, data.TimeZone)} {i.Server}: {i.From} -> {i.To}: {i.Reason}");
                    break;
                case ReportSection.Failovers when data.Failovers is { } groups:
                    if (groups.Count == 0)
                        t.AppendLine("No failover groups are defined.");
                    foreach (var g in groups)
                    {
                        t.AppendLine($"{g.Group}: state {g.State}, serving now {g.CurrentPrimary ?? "unknown"}; {g.Summary}");
                        foreach (var e in g.Events)
                            t.AppendLine($"- {Local(e.At, data.TimeZone)} {e.Kind}{(e.Critical ? " (critical)" : "")} {e.Server}: {e.Message} (triggered by {e.Trigger})");
                    }

                    break;
                case ReportSection.Backups when data.Backups is { } b:
                    t.AppendLine(b.Total == 0 ? "No backups have been taken yet." : $"{b.Total} backups: {b.Verified} verified, {b.Corrupt} corrupt.");
                    foreach (var s in b.Sources)
                        t.AppendLine($"- {s.Source}: last good {(s.LastGood is { } g ? Local(g, data.TimeZone) : "none")}, {s.Failures} failures in period");
                    break;
                case ReportSection.Costs when data.Costs is { } costs:
                    CostReportText.AppendText(t, costs);
                    break;
                case ReportSection.CatalogChanges when data.CatalogChanges is { } changes:
                    if (changes.Count == 0)
                        t.AppendLine("No tool catalog changes in this period.");
                    foreach (var c in changes)
                        t.AppendLine($"- {Local(c.At, data.TimeZone)} {c.Server}: {c.Change}");
                    break;
            }
        }

        return t.ToString();
    }

    /// <summary>"2026-11-25 09:00" in the report's time zone (UTC when the zone is unknown).</summary>
    public static string Local(DateTimeOffset at, string timeZone)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var z) ? z : TimeZoneInfo.Utc;
        return TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
    }
}
