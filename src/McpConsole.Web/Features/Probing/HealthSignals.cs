using System.Text.Json;
using McpConsole.Core.Health;
using McpConsole.Core.Text;

namespace McpConsole.Web.Features.Probing;

/// <summary>
/// Reads a server's own health report (the <c>health://status</c> resource or GET /health), e.g.
/// <c>{"status":"degraded","dependencies":{"database":false},"ready":true}</c>. Server text is untrusted: it is
/// parsed, never interpreted, and cut short in reasons.
/// </summary>
public static class HealthSignals
{
    private const int MaxDetail = 200;

    /// <summary>The degradation the report describes, or null when it says healthy (or cannot be read).</summary>
    public static ProbeDegradation? Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            if (DownDependencies(root) is { Count: > 0 } down)
            {
                return new ProbeDegradation(DegradedReason.DependencyDown, Cut(string.Join(", ", down)));
            }

            // The server's own faults first: "not ready" alone may be a role (a standby), a degraded status never is.
            if (root.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String
                && status.GetString() is { } text && !IsHealthy(text))
            {
                return new ProbeDegradation(DegradedReason.HealthResourceDegraded, Cut(text));
            }

            if (root.TryGetProperty("ready", out var ready) && ready.ValueKind == JsonValueKind.False)
            {
                return new ProbeDegradation(DegradedReason.NotReady);
            }

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool IsHealthy(string status) =>
        status.Equals("healthy", StringComparison.OrdinalIgnoreCase) || status.Equals("ok", StringComparison.OrdinalIgnoreCase)
        || status.Equals("up", StringComparison.OrdinalIgnoreCase) || status.Equals("pass", StringComparison.OrdinalIgnoreCase);

    // {"dependencies":{"db":false}} or {"dependencies":{"db":{"status":"down"}}} or [{"name":"db","healthy":false}]
    private static List<string> DownDependencies(JsonElement root)
    {
        var down = new List<string>();
        if (!root.TryGetProperty("dependencies", out var deps))
        {
            return down;
        }

        if (deps.ValueKind == JsonValueKind.Object)
        {
            foreach (var dep in deps.EnumerateObject())
            {
                if (IsDown(dep.Value))
                {
                    down.Add(dep.Name);
                }
            }
        }
        else if (deps.ValueKind == JsonValueKind.Array)
        {
            foreach (var dep in deps.EnumerateArray())
            {
                if (dep.ValueKind == JsonValueKind.Object && IsDown(dep) && dep.TryGetProperty("name", out var name))
                {
                    down.Add(name.ToString());
                }
            }
        }

        return down;
    }

    private static bool IsDown(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.False => true,
        JsonValueKind.String => !IsHealthy(value.GetString() ?? ""),
        JsonValueKind.Object => (value.TryGetProperty("healthy", out var h) && h.ValueKind == JsonValueKind.False)
            || (value.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String && !IsHealthy(s.GetString() ?? "")),
        _ => false,
    };

    private static string Cut(string text) => SafeText.Cut(text, MaxDetail);
}
