namespace McpConsole.Web.Features.Metrics.Rollups;

/// <summary>A roll-up table: its bucket, its watermark name, and how much it handles per transaction.</summary>
public sealed record RollupKind(string Name, string Table, TimeSpan Bucket, TimeSpan Chunk)
{
    public static readonly RollupKind Minute = new("minute", "MinuteRollups", TimeSpan.FromMinutes(1), TimeSpan.FromHours(6));
    public static readonly RollupKind Hour = new("hour", "HourRollups", TimeSpan.FromHours(1), TimeSpan.FromDays(2));

    /// <summary>Buckets before the watermark recomputed on each run, for samples written late.</summary>
    public TimeSpan Overlap => Bucket * 2;

    /// <summary>The bucket number stored for the bucket starting at <paramref name="startTicks"/> (UTC ticks / bucket length).</summary>
    public long NumberOf(long startTicks) => startTicks / Bucket.Ticks;

    /// <summary>The first bucket starting at or after <paramref name="ticks"/>: "start &gt;= t" is "number &gt;= FirstAtOrAfter(t)".</summary>
    public long FirstAtOrAfter(long ticks) => ticks <= 0 ? 0 : (ticks + Bucket.Ticks - 1) / Bucket.Ticks;

    public long StartOf(long number) => number * Bucket.Ticks;
}
