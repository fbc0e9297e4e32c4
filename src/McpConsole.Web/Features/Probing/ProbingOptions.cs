using System.ComponentModel.DataAnnotations;

namespace McpConsole.Web.Features.Probing;

/// <summary>Settings under "McpConsole:Probing" (environment: McpConsole__Probing__Key).</summary>
public sealed class ProbingOptions
{
    public const string Section = "McpConsole:Probing";

    /// <summary>Run the probe scheduler. Tests that do not need live probing turn it off.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Probes in flight at once. 32 keeps 1,000 HTTP servers at 10 s with room for a few hung ones.</summary>
    [Range(1, 1024)]
    public int MaxConcurrency { get; set; } = 32;

    /// <summary>How often the scheduler re-reads the registry (new, changed, disabled servers).</summary>
    public TimeSpan RegistryRefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the scheduler looks for due servers. 200 ms adds at most that much to any interval.</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Share of the interval added or removed at random per probe, so a fleet never probes in lockstep.</summary>
    [Range(0.0, 0.5)]
    public double Jitter { get; set; } = 0.1;

    /// <summary>Consecutive failures before Down (3, as the issue requires).</summary>
    [Range(1, 100)]
    public int FailuresBeforeDown { get; set; } = 3;

    /// <summary>Consecutive successes before a Down server is Healthy again.</summary>
    [Range(1, 100)]
    public int SuccessesBeforeRecovery { get; set; } = 2;

    /// <summary>
    /// Probe samples written per transaction at most. Large on purpose: a catch-up batch then touches each server's
    /// page of the (ServerId, At) b-tree once per commit instead of once per few rows.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxWriteBatch { get; set; } = 50_000;

    /// <summary>Catalog snapshots older than this are deleted (the newest of each server is always kept).</summary>
    [Range(1, 36500)]
    public int CatalogRetentionDays { get; set; } = 90;

    /// <summary>Catalog snapshots kept per server at most.</summary>
    [Range(1, 100_000)]
    public int CatalogSnapshotsKept { get; set; } = 50;

    /// <summary>
    /// Further attempts at a batch whose write failed (a restarted database, a locked file), before its results are
    /// written one by one and those that still fail are dropped with a logged count.
    /// </summary>
    [Range(0, 20)]
    public int WriteRetries { get; set; } = 4;

    /// <summary>Wait before the first retry of a failed batch; it doubles with each further retry (1+2+4+8 s).</summary>
    public TimeSpan WriteRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Probe results kept in memory while the database cannot store them (disk full, database restarting); when full the
    /// oldest are dropped and counted (mcp_console_writer_dropped_total). 20,000 is about 30 minutes of a 100-server fleet
    /// probed every 10 s, or 3 minutes of 1,000 servers, at about 1 KB each.
    /// </summary>
    [Range(10, 1_000_000)]
    public int WriteBufferCapacity { get; set; } = 20_000;

    /// <summary>Graceful stop wait for a stdio server (stdin closed) before its process tree is killed.</summary>
    public TimeSpan StdioShutdownTimeout { get; set; } = TimeSpan.FromSeconds(2);
}
