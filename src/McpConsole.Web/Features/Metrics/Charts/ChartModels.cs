namespace McpConsole.Web.Features.Metrics.Charts;

/// <summary>latency: lines in ms; availability: an area in % (0..100); cost: stacked bars in <see cref="ChartConfig.Unit"/>.</summary>
public enum ChartKind { Latency, Availability, Cost }

/// <summary>A chart series: name and [unix ms, value] points (value null for a gap).</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<object?[]> Data)
{
    public static object?[] Point(DateTimeOffset at, double? value) => [at.ToUnixTimeMilliseconds(), value];
}

/// <summary>What the JS module receives to build a chart.</summary>
public sealed record ChartConfig(string Kind, IReadOnlyList<ChartSeries> Series, int Height, bool Dark, double? YMin, string? Unit = null);
