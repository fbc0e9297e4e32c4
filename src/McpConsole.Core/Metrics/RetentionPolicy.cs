namespace McpConsole.Core.Metrics;

/// <summary>How long each kind of metric row is kept. Defaults: raw 48 h, minutes 30 d, hours 400 d.</summary>
public sealed record RetentionPolicy(TimeSpan Raw, TimeSpan Minutes, TimeSpan Hours)
{
    /// <summary>How far before its watermark a roll-up recomputes buckets (late samples): raw rows there are kept.</summary>
    public static readonly TimeSpan RecomputeWindow = TimeSpan.FromHours(2);

    public static readonly RetentionPolicy Default = new(TimeSpan.FromHours(48), TimeSpan.FromDays(30), TimeSpan.FromDays(400));

    /// <summary>
    /// Cut-offs (rows strictly older are deleted) at <paramref name="now"/>. Raw samples not yet rolled up are kept
    /// whatever their age: the raw cut-off stays <see cref="RecomputeWindow"/> before the oldest roll-up watermark.
    /// State events follow the hour retention: incidents stay as long as the longest chart.
    /// </summary>
    public RetentionCutoffs CutoffsAt(DateTimeOffset now, DateTimeOffset minuteWatermark, DateTimeOffset hourWatermark)
    {
        var raw = now - Raw;
        var rolledUp = (minuteWatermark < hourWatermark ? minuteWatermark : hourWatermark) - RecomputeWindow;
        return new RetentionCutoffs(raw < rolledUp ? raw : rolledUp, now - Minutes, now - Hours, now - Hours);
    }

    public void Validate()
    {
        if (Raw < TimeSpan.FromHours(2))
            throw new ArgumentException("Raw samples must be kept at least 2 hours (the hour roll-up reads them).");
        if (Minutes < Raw || Hours < Minutes)
            throw new ArgumentException("Retention must grow from raw to minutes to hours.");
    }
}

public sealed record RetentionCutoffs(DateTimeOffset Raw, DateTimeOffset Minutes, DateTimeOffset Hours, DateTimeOffset Events);
