namespace McpConsole.Web.Features.Backups;

/// <summary>McpConsole:Backups settings.</summary>
public sealed class BackupOptions
{
    public const string Section = "McpConsole:Backups";

    /// <summary>Where archives are written; default "backups" under the data directory. Put it on another disk in production.</summary>
    public string? Directory { get; set; }

    /// <summary>When every backup is re-verified (Hangfire cron, UTC). Default: daily at 03:30.</summary>
    public string VerifyCron { get; set; } = "30 3 * * *";

    /// <summary>pg_dump / pg_restore / psql directory; empty = from PATH.</summary>
    public string? PostgresBinDirectory { get; set; }
}
