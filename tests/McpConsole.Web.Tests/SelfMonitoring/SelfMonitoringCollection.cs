namespace McpConsole.Web.Tests.SelfMonitoring;

/// <summary>
/// The self-metrics are process-wide Prometheus gauges without a per-console label (one console per process in
/// production): tests that read them run alone, so no other console in the test process writes them meanwhile.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SelfMonitoringCollection
{
    public const string Name = "self-monitoring (process-wide self-metrics)";

    /// <summary>Checks every half second; probing counts as stalled after 3 s without a completed cycle.</summary>
    public static Dictionary<string, string> FastSettings(Dictionary<string, string>? more = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["McpConsole:SelfMonitoring:Interval"] = "00:00:00.5",
            ["McpConsole:SelfMonitoring:StalledAfter"] = "00:00:03",
            ["McpConsole:Probing:RegistryRefreshInterval"] = "00:00:00.5",
        };
        foreach (var (key, value) in more ?? [])
            settings[key] = value;
        return settings;
    }
}
