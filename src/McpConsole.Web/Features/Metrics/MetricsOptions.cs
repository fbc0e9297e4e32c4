using System.ComponentModel.DataAnnotations;
using McpConsole.Core.Metrics;

namespace McpConsole.Web.Features.Metrics;

/// <summary>Section "McpConsole:Metrics": retention per table, job schedules, the default availability target.</summary>
public sealed class MetricsOptions
{
    public const string Section = "McpConsole:Metrics";

    /// <summary>Raw probe samples: 48 h (the 1 h chart and the roll-ups read them).</summary>
    [Range(typeof(TimeSpan), "02:00:00", "3650.00:00:00")]
    public TimeSpan RawRetention { get; set; } = TimeSpan.FromHours(48);

    /// <summary>Per-minute roll-ups: 30 days (24 h charts).</summary>
    [Range(typeof(TimeSpan), "02:00:00", "3650.00:00:00")]
    public TimeSpan MinuteRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Per-hour roll-ups and state events: 400 days (7 d, 30 d and 1 y charts, incidents).</summary>
    [Range(typeof(TimeSpan), "02:00:00", "3650.00:00:00")]
    public TimeSpan HourRetention { get; set; } = TimeSpan.FromDays(400);

    /// <summary>Hangfire cron of the minute roll-up (seconds field first): every minute, 5 s past.</summary>
    public string MinuteRollupCron { get; set; } = "5 * * * * *";

    /// <summary>Hour roll-up: every hour, 2 minutes past (charts read the current hour from raw samples).</summary>
    public string HourRollupCron { get; set; } = "0 2 * * * *";

    /// <summary>Retention: every hour.</summary>
    public string RetentionCron { get; set; } = "0 17 * * * *";

    /// <summary>Incremental vacuum: every hour, after retention; gives back at most this many pages per run.</summary>
    public string VacuumCron { get; set; } = "0 27 * * * *";

    [Range(1, 10_000_000)]
    public int VacuumPagesPerRun { get; set; } = 20_000;

    /// <summary>Rows deleted per statement, so retention never holds the write lock for long.</summary>
    [Range(100, 10_000_000)]
    public int DeleteChunk { get; set; } = 50_000;

    [Range(0.001, 99.999)]
    public double DefaultAvailabilityTarget { get; set; } = ErrorBudget.DefaultTargetPercent;

    public RetentionPolicy Retention => new(RawRetention, MinuteRetention, HourRetention);
}
