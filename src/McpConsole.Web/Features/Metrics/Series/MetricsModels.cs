using McpConsole.Core.Metrics;

namespace McpConsole.Web.Features.Metrics.Series;

/// <summary>One chart point: a bucket's probes, failures, latency percentiles (ms) and availability (%).</summary>
public sealed record SeriesPoint(DateTimeOffset At, int Count, int Failures, double? P50Ms, double? P95Ms, double AvailabilityPercent)
{
    public static SeriesPoint From(BucketStats b) =>
        new(new DateTimeOffset(b.Start, TimeSpan.Zero), b.Count, b.Failures, Round(b.P50Ms), Round(b.P95Ms), Math.Round(b.Availability * 100, 3));

    private static double? Round(double? v) => v is null ? null : Math.Round(v.Value, 2);
}

/// <summary>The objective of one server: target, how much of this month's error budget is left, how fast it burns.</summary>
public sealed record SloSummary(
    double TargetPercent,
    double MonthAvailabilityPercent,
    double BudgetRemainingPercent,
    double BurnRate1h,
    double BurnRate24h,
    long MonthProbes,
    long MonthFailures);

/// <summary>What GET /api/servers/{id}/metrics returns and the server detail charts draw.</summary>
public sealed record ServerMetrics(
    int ServerId,
    string Range,
    DateTimeOffset From,
    DateTimeOffset To,
    int BucketSeconds,
    string Source,
    double? AvailabilityPercent,
    IReadOnlyList<SeriesPoint> Points,
    IReadOnlyList<IncidentView> Incidents,
    SloSummary Slo);

public sealed record IncidentView(DateTimeOffset Start, DateTimeOffset? End, double DurationSeconds, string State, string Reason);
