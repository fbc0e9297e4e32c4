namespace McpConsole.Core.Costs;

/// <summary>
/// Which MCP requests are demand (a client getting work done) rather than upkeep: listing methods, ping, initialize and
/// resources/read are what monitoring does (the console's own probes make them), so they never count as use.
/// </summary>
public static class RequestKinds
{
    private static readonly string[] _demandMethods = ["tools/call", "prompts/get", "completion/complete"];
    private static readonly HashSet<string> _demand = new(_demandMethods, StringComparer.Ordinal);

    /// <summary>In a fixed order, for evidence texts.</summary>
    public static IReadOnlyList<string> DemandMethods => _demandMethods;

    public static bool IsDemand(string method) => _demand.Contains(method);
}
