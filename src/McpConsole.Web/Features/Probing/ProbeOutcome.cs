using McpConsole.Core.Catalog;
using McpConsole.Core.Health;

namespace McpConsole.Web.Features.Probing;

/// <summary>Step names of the probe ladder, in order (keys of <see cref="ProbeOutcome.Steps"/>).</summary>
public static class ProbeSteps
{
    public const string Transport = "transport";
    public const string Handshake = "handshake";
    public const string Liveness = "liveness";
    public const string Catalog = "catalog";
    public const string HealthResource = "healthResource";
    public const string HttpHealth = "httpHealth";

    /// <summary>The ladder's steps in order (column order of the probe history).</summary>
    public static readonly IReadOnlyList<string> All = [Transport, Handshake, Liveness, Catalog, HealthResource, HttpHealth];
}

/// <summary>
/// Everything one probe found: the Core <see cref="ProbeResult"/> fed to the state machine, plus what the console shows.
/// Strings from the server (names, errors, stderr, health JSON) are untrusted: render as text only.
/// </summary>
public sealed record ProbeOutcome(ProbeResult Result)
{
    /// <summary>Milliseconds per step, in ladder order. A failed step is the last one.</summary>
    public IReadOnlyDictionary<string, double> Steps { get; init; } = new Dictionary<string, double>();
    public string? FailedStep { get; init; }
    public string? ProtocolVersion { get; init; }
    public string? ServerInfoName { get; init; }
    public string? ServerInfoVersion { get; init; }
    public int? ToolCount { get; init; }
    public int? ResourceCount { get; init; }
    public int? PromptCount { get; init; }
    public string? CatalogHash { get; init; }
    public IReadOnlyList<ToolDefinition>? Tools { get; init; }
    public string? HealthResourceJson { get; init; }
    public int? ProcessId { get; init; }

    /// <summary>True when a cached HTTP session had expired and was re-created during this probe.</summary>
    public bool SessionRecreated { get; init; }

    public bool Succeeded => Result.Succeeded;
}
