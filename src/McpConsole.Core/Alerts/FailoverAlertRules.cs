using McpConsole.Core.Failover;

namespace McpConsole.Core.Alerts;

/// <summary>
/// Which failover timeline events page someone. Steps that change who serves or whether the old primary is fenced are
/// <see cref="AlertKinds.Failover"/> events; a suspect check and its recovery are noise. "No healthy standby" is not an
/// event here but a condition (<see cref="AlertKinds.FailoverNoHealthyStandby"/>): it fires while the group is in
/// <see cref="FailoverState.DegradedNoStandby"/> and resolves when the group leaves it.
/// </summary>
public static class FailoverAlertRules
{
    public static string? KindFor(string eventKind) =>
        Enum.TryParse<FailoverEventKind>(eventKind, out var kind) && Enum.IsDefined(kind) ? KindFor(kind) : null;

    public static string? KindFor(FailoverEventKind kind) => kind switch
    {
        FailoverEventKind.Detected or FailoverEventKind.Promoted or FailoverEventKind.PromotionFailed or FailoverEventKind.Fenced
            or FailoverEventKind.FencingFailed or FailoverEventKind.FailedBack or FailoverEventKind.ManualAction => AlertKinds.Failover,
        _ => null,
    };

    public static bool IsWithoutHealthyStandby(string groupState) => groupState == nameof(FailoverState.DegradedNoStandby);

    /// <summary>"automatic" stays; "operator:alice" reads "operator alice".</summary>
    public static string DescribeTrigger(string trigger) =>
        trigger.StartsWith("operator:", StringComparison.Ordinal) ? $"operator {trigger["operator:".Length..]}" : trigger;
}
