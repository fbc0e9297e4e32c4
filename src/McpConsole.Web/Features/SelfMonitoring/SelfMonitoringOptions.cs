using System.ComponentModel.DataAnnotations;

namespace McpConsole.Web.Features.SelfMonitoring;

/// <summary>McpConsole:SelfMonitoring: how the console checks itself (defaults are what an operator would choose).</summary>
public sealed class SelfMonitoringOptions
{
    public const string Section = "McpConsole:SelfMonitoring";

    /// <summary>How often every self-check runs.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Probing is stalled when the scheduler has completed no cycle for this long (a cycle normally ends every 0.2 s).</summary>
    public TimeSpan StalledAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Probing is behind when more than this share of the servers is overdue (no result for interval x 2 + timeout).</summary>
    [Range(0.0, 1.0)]
    public double BehindShare { get; set; } = 0.1;

    /// <summary>Free space below this (MB) in the data or backups directory raises an alert.</summary>
    [Range(0, 10_000_000)]
    public long MinFreeDiskMb { get; set; } = 512;

    /// <summary>Free space below this share (percent) of the volume raises an alert too; 0 turns it off.</summary>
    [Range(0.0, 100.0)]
    public double MinFreeDiskPercent { get; set; } = 2;

    /// <summary>A channel counts as failing when its last this many deliveries (within the last hour) all failed.</summary>
    [Range(1, 100)]
    public int ChannelFailuresInARow { get; set; } = 3;

    /// <summary>Job storage must answer within this.</summary>
    public TimeSpan JobStorageTimeout { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// McpConsole:Heartbeat: a dead man's switch. When <see cref="Url"/> is set, the console posts to it every
/// <see cref="Interval"/> while probing and the result writer are healthy, and stops when they are not (or when the
/// console is gone), so a service such as healthchecks.io raises the alarm. The URL is a secret (it usually holds a token).
/// </summary>
public sealed class HeartbeatOptions
{
    public const string Section = "McpConsole:Heartbeat";

    public string? Url { get; set; }

    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);
}
