namespace McpConsole.Core.Metrics;

/// <summary>Where a chart's points come from: raw samples, minute roll-ups or hour roll-ups.</summary>
public enum SeriesSource { Raw, Minutes, Hours }

/// <summary>A chart range (1h, 24h, 7d, 30d, 1y): its length, its bucket and the table that holds that bucket.</summary>
public sealed record MetricsRange(string Name, TimeSpan Length, TimeSpan Bucket, SeriesSource Source)
{
    public static readonly MetricsRange Hour = new("1h", TimeSpan.FromHours(1), TimeSpan.FromMinutes(1), SeriesSource.Raw);
    public static readonly MetricsRange Day = new("24h", TimeSpan.FromHours(24), TimeSpan.FromMinutes(1), SeriesSource.Minutes);
    public static readonly MetricsRange Week = new("7d", TimeSpan.FromDays(7), TimeSpan.FromHours(1), SeriesSource.Hours);
    public static readonly MetricsRange Month = new("30d", TimeSpan.FromDays(30), TimeSpan.FromHours(1), SeriesSource.Hours);
    public static readonly MetricsRange Year = new("1y", TimeSpan.FromDays(365), TimeSpan.FromDays(1), SeriesSource.Hours);

    public static IReadOnlyList<MetricsRange> All { get; } = [Hour, Day, Week, Month, Year];

    public static bool TryParse(string? name, out MetricsRange range)
    {
        range = All.FirstOrDefault(r => string.Equals(r.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase)) ?? Day;
        return name is null || All.Any(r => string.Equals(r.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Start of the bucket containing <paramref name="at"/> (buckets are aligned on UTC tick multiples).</summary>
    public static DateTimeOffset Floor(DateTimeOffset at, TimeSpan bucket) => new(at.UtcTicks - at.UtcTicks % bucket.Ticks, TimeSpan.Zero);
}
