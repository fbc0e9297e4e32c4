using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using McpConsole.SampleServer.Failover;
using McpConsole.SampleServer.Faults;
using McpConsole.SampleServer.Hosting;
using McpConsole.SampleServer.Hostile;
using McpConsole.SampleServer.Metrics;

namespace McpConsole.SampleServer.Health;

/// <summary>The seed's health model plus role, epoch and ready.</summary>
public sealed record HealthStatus(
    string Status,
    string Server,
    string Version,
    double Uptime,
    double MemoryUsage,
    int ActiveConnections,
    IReadOnlyDictionary<string, bool> Dependencies,
    string Role,
    long Epoch,
    bool Ready,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Padding = null);

/// <summary>Builds <see cref="HealthStatus"/> from the live state.</summary>
public sealed class HealthReporter(SampleServerOptions options, FaultState faults, FailoverState failover, ConnectionTracker connections, HostileCorpus hostile)
{
    /// <summary>Simulated dependencies; a fault can mark any of them (or another name) as failing.</summary>
    public static readonly string[] KnownDependencies = ["database", "cache", "upstream-api"];

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static string Version { get; } =
        typeof(HealthReporter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    private readonly DateTimeOffset _started = DateTimeOffset.UtcNow;

    public HealthStatus Check()
    {
        var f = faults.Current;
        var deps = KnownDependencies.Concat(f.FailingDependencies).Distinct()
            .ToDictionary(d => d, d => !f.FailingDependencies.Contains(d));
        var hostileText = hostile.IsOn ? hostile.NextHealthText() : null;
        if (hostileText is not null)
            deps[hostileText] = false;
        using var process = Process.GetCurrentProcess();
        return new HealthStatus(
            hostileText ?? f.HealthStatusText ?? (f.IsDegraded ? "degraded" : "healthy"),
            options.Name,
            Version,
            Math.Round((DateTimeOffset.UtcNow - _started).TotalSeconds, 3),
            Math.Round(process.WorkingSet64 / 1024.0 / 1024.0, 2),
            connections.Active,
            deps,
            FailoverEndpoints.Name(failover.Role),
            failover.Epoch,
            failover.IsReady,
            f.OversizedHealthKb > 0 ? new string('p', f.OversizedHealthKb * 1024) : null);
    }

    public string CheckJson() => JsonSerializer.Serialize(Check(), Json);
}
