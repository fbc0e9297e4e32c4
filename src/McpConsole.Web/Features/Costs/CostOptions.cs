using System.ComponentModel.DataAnnotations;
using McpConsole.Core.Costs;

namespace McpConsole.Web.Features.Costs;

/// <summary>Section "McpConsole:Costs": sampling, retention, the recommendation policy.</summary>
public sealed class CostOptions
{
    public const string Section = "McpConsole:Costs";

    /// <summary>How often CPU, memory and requests are read: every 30 s (CPU is a time delta, so the rate only sets resolution).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A reading further than this many intervals from the previous one starts after a gap (unknown time).</summary>
    [Range(1.5, 100)]
    public double GapIntervals { get; set; } = 3;

    /// <summary>Timeout of one GET /metrics.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan ScrapeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Raw readings: 8 days (recommendations look at 7).</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan RawRetention { get; set; } = TimeSpan.FromDays(8);

    /// <summary>Hourly usage: 400 days (cost history).</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan HourRetention { get; set; } = TimeSpan.FromDays(400);

    /// <summary>Hour roll-up (Hangfire, seconds field first): every hour, 4 minutes past.</summary>
    public string RollupCron { get; set; } = "0 4 * * * *";

    /// <summary>Daily cost threshold check: every 5 minutes.</summary>
    public string ThresholdCron { get; set; } = "0 */5 * * * *";

    [Range(1, 90)]
    public int WindowDays { get; set; } = 7;

    [Range(50, 100)]
    public double Percentile { get; set; } = 95;

    [Range(0, 5)]
    public double Headroom { get; set; } = 0.15;

    /// <summary>No right-sizing from fewer measured hours than this: 24.</summary>
    [Range(0.01, 24 * 90)]
    public double MinimumDataHours { get; set; } = 24;

    public TimeSpan MaxGap => SampleInterval * GapIntervals;

    public RecommendationPolicy Policy => RecommendationPolicy.Default with
    {
        Window = TimeSpan.FromDays(WindowDays),
        Percentile = Percentile,
        Headroom = Headroom,
        MinimumData = TimeSpan.FromHours(MinimumDataHours),
        MaxGap = MaxGap,
    };
}
