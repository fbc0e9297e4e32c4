namespace McpConsole.Web.Features.Reports;

/// <summary>Report sections, in the order they appear.</summary>
public enum ReportSection
{
    FleetHealth,
    Incidents,
    Failovers,
    Backups,
    Costs,
    CatalogChanges,
}

public static class ReportSections
{
    public static readonly IReadOnlyList<ReportSection> All = Enum.GetValues<ReportSection>();

    public static string Title(ReportSection s) => s switch
    {
        ReportSection.FleetHealth => "Fleet health and availability",
        ReportSection.Incidents => "Incidents",
        ReportSection.Failovers => "Failovers",
        ReportSection.Backups => "Backups",
        ReportSection.Costs => "Costs and recommendations",
        ReportSection.CatalogChanges => "Tool catalog changes",
        _ => s.ToString(),
    };

    /// <summary>Parses "FleetHealth,Incidents"; null with the unknown name when one is not a section.</summary>
    public static (IReadOnlyList<ReportSection>? Sections, string? Error) Parse(IEnumerable<string> names)
    {
        var result = new List<ReportSection>();
        foreach (var name in names.Select(n => n.Trim()).Where(n => n.Length > 0))
        {
            if (!Enum.TryParse<ReportSection>(name, true, out var s) || !Enum.IsDefined(s))
                return (null, $"unknown section '{name}' (known: {string.Join(", ", All)})");
            if (!result.Contains(s))
                result.Add(s);
        }

        return result.Count == 0 ? (null, "choose at least one section") : ([.. result.Order()], null);
    }
}

/// <summary>Everything one report shows. Server names, reasons and tool names are untrusted text.</summary>
public sealed record ReportData(
    string Name,
    DateTimeOffset From,
    DateTimeOffset To,
    string TimeZone,
    IReadOnlyList<ReportSection> Sections,
    FleetHealthData? Fleet,
    IReadOnlyList<IncidentRow>? Incidents,
    BackupData? Backups,
    IReadOnlyList<CatalogChangeRow>? CatalogChanges,
    IReadOnlyList<FailoverGroupReport>? Failovers = null,
    CostReport? Costs = null)
{
    /// <summary>Why a requested section shows nothing, when its data has no source in this console yet.</summary>
    public static string? MissingSource(ReportSection s) => s switch
    {
        _ => null,
    };
}

public sealed record FleetHealthData(int Total, int Healthy, int Degraded, int Down, int Other, int MeetingTarget, IReadOnlyList<ServerHealthRow> Servers);

public sealed record ServerHealthRow(string Name, string? Group, string State, double? AvailabilityPercent, double TargetPercent)
{
    public bool MeetsTarget => AvailabilityPercent is null || AvailabilityPercent >= TargetPercent;
}

public sealed record IncidentRow(string Server, DateTimeOffset At, string From, string To, string Reason);

public sealed record BackupData(int Total, int Verified, int Corrupt, IReadOnlyList<BackupSourceRow> Sources);

public sealed record BackupSourceRow(string Source, DateTimeOffset? LastGood, int Failures);

/// <summary>Costs over the report period and the open recommendations (dismissed and snoozed ones are left out).</summary>
public sealed record CostReport(McpConsole.Core.Costs.CostSummary Summary, IReadOnlyList<McpConsole.Web.Features.Costs.RecommendationView> Recommendations,
    IReadOnlyList<McpConsole.Core.Costs.DataShortfall> Waiting);

public sealed record CatalogChangeRow(string Server, DateTimeOffset At, string Change);

/// <summary>One failover group: its state now, the server serving now, and its failover and fencing steps in the period.</summary>
public sealed record FailoverGroupReport(string Group, string State, string? CurrentPrimary, IReadOnlyList<FailoverEventRow> Events)
{
    public int Promotions => Events.Count(e => e.Kind == "Promoted");

    /// <summary>"3 events in this period, 1 promotion."</summary>
    public string Summary => $"{Events.Count} event{(Events.Count == 1 ? "" : "s")} in this period, {Promotions} promotion{(Promotions == 1 ? "" : "s")}.";
}

/// <summary>A timeline step; Trigger is "automatic" or "operator NAME". Message and server may hold server text.</summary>
public sealed record FailoverEventRow(DateTimeOffset At, string Kind, string? Server, string Trigger, string Message, bool Critical);
