namespace McpConsole.Core.Metrics;

/// <summary>
/// One server's probe samples in a window: counts, first and last sample time, and the time lost inside gaps between
/// consecutive samples (each gap longer than the stale threshold counts its part beyond the threshold, or an estimate of it).
/// </summary>
public sealed record WindowSamples(long Probes, long Ok, DateTimeOffset? First, DateTimeOffset? Last, TimeSpan UnknownInGaps)
{
    public static WindowSamples None { get; } = new(0, 0, null, null, TimeSpan.Zero);
}

/// <summary>A window split into up (known and answering), down and unknown (no result); percentages of the window.</summary>
public sealed record WindowAvailability(double? UpPercent, double? DownPercent, double UnknownPercent, TimeSpan Window, TimeSpan Unknown);

/// <summary>
/// Availability that missing data can never raise. Time is unknown while a server would show stale (no result for
/// longer than its stale threshold, <see cref="Health.StateFreshness.StaleAfter"/>): inside gaps between samples, before
/// the first sample of the window and after the last one. The known rest is split by the share of successful probes.
/// </summary>
public static class KnownTime
{
    /// <param name="windowStart">Start of the window (now - 24 h); moved to the server's creation when it is later.</param>
    /// <param name="createdAt">When the server was registered (null when not known).</param>
    public static WindowAvailability Of(WindowSamples samples, DateTimeOffset windowStart, DateTimeOffset? createdAt, DateTimeOffset now, TimeSpan staleAfter)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var start = createdAt is { } created && created > windowStart ? created : windowStart;
        if (samples.First is { } first && first < start)
            start = first; // samples from before the recorded creation (an import): the window reaches back to them
        var window = Max(now - start, TimeSpan.Zero);
        if (window == TimeSpan.Zero)
            return new WindowAvailability(Share(samples.Ok, samples.Probes, 100), Share(samples.Probes - samples.Ok, samples.Probes, 100), 0, window, TimeSpan.Zero);

        var unknown = samples.First is { } f && samples.Last is { } l
            ? Beyond(f - start, staleAfter) + samples.UnknownInGaps + Beyond(now - l, staleAfter)
            : Beyond(window, staleAfter);
        unknown = unknown > window ? window : unknown;
        var knownPercent = 100.0 * (window - unknown).Ticks / window.Ticks;
        return new WindowAvailability(Share(samples.Ok, samples.Probes, knownPercent), Share(samples.Probes - samples.Ok, samples.Probes, knownPercent),
            Math.Round(100.0 * unknown.Ticks / window.Ticks, 3), window, unknown);
    }

    private static double? Share(long part, long total, double ofPercent) => total == 0 ? null : Math.Round(ofPercent * part / total, 3);

    private static TimeSpan Beyond(TimeSpan gap, TimeSpan threshold) => gap > threshold ? gap - threshold : TimeSpan.Zero;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
