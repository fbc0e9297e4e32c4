using System.Globalization;
using System.Text;
using McpConsole.Web.Features.Costs.Pages;

namespace McpConsole.Web.Features.Reports;

/// <summary>The costs section's sentences, shared by the HTML and the plain-text report.</summary>
public static class CostReportText
{
    public const int MaxServers = 20;

    public static string Headline(CostReport c)
    {
        var s = c.Summary;
        var idleShare = s.Total == 0 ? "" : $" ({(s.Idle / s.Total).ToString("P0", CultureInfo.InvariantCulture)})";
        var peak = s.PeakHour is { } p ? $"; peak hour {p.Key} UTC at {Money(p.Cost, s.Currency)}" : "";
        return $"Total {Money(s.Total, s.Currency)}, of which idle {Money(s.Idle, s.Currency)}{idleShare}. "
            + $"Daily average {Money(s.DailyAverage, s.Currency)} over {s.DaysWithData} day(s) with data{peak}. "
            + $"Monthly estimate {Money(s.Servers.Sum(x => x.MonthlyEstimate), s.Currency)}.";
    }

    public static string RecommendationLine(CostReport c) =>
        c.Recommendations.Count == 0
            ? "No open recommendations." + (c.Waiting.Count > 0 ? $" {c.Waiting.Count} server(s) still collecting data for right-sizing." : "")
            : $"{c.Recommendations.Count} open recommendation(s), saving {Money(c.Recommendations.Where(r => r.MonthlySaving > 0).Sum(r => r.MonthlySaving), c.Summary.Currency)} a month in total."
              + (c.Waiting.Count > 0 ? $" {c.Waiting.Count} server(s) still collecting data." : "");

    public static string Saving(decimal saving, string currency) =>
        saving >= 0 ? $"saves {Money(saving, currency)}/month" : $"costs {Money(-saving, currency)}/month more";

    public static string Money(decimal value, string currency) => CostFormat.Money(value, currency);

    public static void AppendText(StringBuilder t, CostReport c)
    {
        t.AppendLine(Headline(c));
        foreach (var s in c.Summary.Servers.Where(s => s.KnownHours > 0).Take(MaxServers))
            t.AppendLine($"- {s.Name}: {Money(s.Cost, c.Summary.Currency)}, idle {Money(s.IdleCost, c.Summary.Currency)}, monthly estimate {Money(s.MonthlyEstimate, c.Summary.Currency)}");
        t.AppendLine(RecommendationLine(c));
        foreach (var r in c.Recommendations)
            t.AppendLine($"- {r.ServerName}: {r.Action} ({Saving(r.MonthlySaving, r.Currency)}). Evidence: {r.Evidence.Text}");
    }
}
