using System.ComponentModel.DataAnnotations;

namespace McpConsole.Web.Features.ScaleOut;

/// <summary>Settings under "McpConsole:ScaleOut" (PostgreSQL mode only; environment: McpConsole__ScaleOut__Key).</summary>
public sealed class ScaleOutOptions
{
    public const string Section = "McpConsole:ScaleOut";

    /// <summary>This instance's name on the dashboard; default host:pid:random (unique per start).</summary>
    public string? InstanceId { get; set; }

    /// <summary>How often an instance renews its heartbeat and leases and rebalances servers.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a lease (and an instance's heartbeat) stays valid without renewal. An instance that dies loses its
    /// servers to the others after this plus one heartbeat: 10 s by default, well inside the default 30 s probe interval.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>Instances not heard from for this long leave the dashboard's list.</summary>
    public TimeSpan ForgetInstanceAfter { get; set; } = TimeSpan.FromHours(24);

    internal bool Valid() => HeartbeatInterval > TimeSpan.Zero && LeaseDuration >= 2 * HeartbeatInterval;

    [Range(1, 100_000)]
    public int MaxLeasesPerStatement { get; set; } = 5000;
}
