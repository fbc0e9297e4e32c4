using System.Collections.Concurrent;
using System.Text.Json;

namespace McpConsole.Web.Features.Probing;

/// <summary>
/// The memory each server last reported about itself in its health://status resource (memory_usage, MB), as read by
/// a probe. Cost tracking falls back to it for HTTP servers that publish no Prometheus metrics.
/// </summary>
public sealed class ReportedMemory(TimeProvider clock)
{
    private readonly ConcurrentDictionary<int, (DateTimeOffset At, double Megabytes)> _latest = new();

    public void Observe(int serverId, string? healthJson)
    {
        if (Parse(healthJson) is { } megabytes)
            _latest[serverId] = (clock.GetUtcNow(), megabytes);
    }

    /// <summary>The last report if it is younger than <paramref name="maxAge"/>; an old one says nothing about now.</summary>
    public double? Megabytes(int serverId, TimeSpan maxAge) =>
        _latest.TryGetValue(serverId, out var last) && clock.GetUtcNow() - last.At <= maxAge ? last.Megabytes : null;

    public void Forget(int serverId) => _latest.TryRemove(serverId, out _);

    private static double? Parse(string? json)
    {
        if (json is null)
            return null;
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("memory_usage", out var mb) && mb.TryGetDouble(out var megabytes) && megabytes >= 0
                ? megabytes
                : null;
        }
        catch (JsonException)
        {
            return null; // hostile or broken text from a server reports nothing
        }
    }
}
