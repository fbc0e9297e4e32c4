using McpConsole.Core.Health;

namespace McpConsole.Web.Features.Probing;

/// <summary>One probe's result as it is written: the sample, the new status, the transition and any catalog change.</summary>
internal sealed record ProbeRecord(
    int ServerId,
    DateTimeOffset At,
    ProbeOutcome Outcome,
    HealthStatus Status,
    StateTransition? Transition,
    DateTimeOffset NextCheckAt,
    CatalogChange? Catalog)
{
    /// <summary>Told by the writer whether the record was stored (true) or dropped after every retry (false).</summary>
    public Action<bool>? Stored { get; init; }
}

/// <summary>A new tool catalog: the snapshot to store and, when it replaced an earlier one, the event reason with the diff.</summary>
internal sealed record CatalogChange(string Hash, string ToolsJson, string? DiffJson, string? EventReason);
