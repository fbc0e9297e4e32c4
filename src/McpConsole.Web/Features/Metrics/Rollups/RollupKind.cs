namespace McpConsole.Web.Features.Metrics.Rollups;

/// <summary>A roll-up table: its bucket, its watermark name, and how much it handles per transaction.</summary>
public sealed record RollupKind(string Name, string Table, TimeSpan Bucket, TimeSpan Chunk)
{
    public static readonly RollupKind Minute = new("minute", "MinuteRollups", TimeSpan.FromMinutes(1), TimeSpan.FromHours(6));
    public static readonly RollupKind Hour = new("hour", "HourRollups", TimeSpan.FromHours(1), TimeSpan.FromDays(2));

    /// <summary>Buckets before the watermark recomputed on each run, for samples written late.</summary>
    public TimeSpan Overlap => Bucket * 2;
}
