namespace McpConsole.Core.Failover;

/// <summary>One pre-check shown before an operator confirms.</summary>
public sealed record PreCheck(string Name, bool Passed, string Detail);

/// <summary>What pressing the button would do: the kind, the new primary, the pre-checks; allowed only when all pass.</summary>
public sealed record ManualPlan(PromotionKind Kind, int TargetServerId, int FormerPrimaryId, long NewEpoch, IReadOnlyList<PreCheck> Checks)
{
    public bool Allowed => Checks.All(c => c.Passed);

    /// <summary>A switchover (old primary answers) demotes it first so the two never both report primary.</summary>
    public bool DemoteFirst { get; init; }

    public PromoteAction ToAction() => new(TargetServerId, NewEpoch, FormerPrimaryId, Kind);

    /// <summary>
    /// Plans a manual promotion of <paramref name="targetId"/> from fresh checks: switchover when the active primary
    /// answers, failover when it does not, failback when the target is the preferred primary.
    /// </summary>
    public static ManualPlan For(GroupSnapshot g, int targetId, bool primaryHealthy, bool targetHealthy, FailoverPolicy policy)
    {
        var member = g.Standby(targetId);
        var checks = new List<PreCheck>
        {
            new("Target is a standby of this group", member is not null,
                member is not null ? "member of the group, not the active primary" : targetId == g.ActiveServerId ? "already the active primary" : "not a member of this group"),
            new("Target answers a fresh health check", targetHealthy, targetHealthy ? "healthy now" : "did not answer within the timeout"),
            new("Target is not an unfenced former primary", member is { NeedsFencing: false },
                member is { NeedsFencing: true } ? "still awaiting demotion at the current epoch" : "standby at the current epoch"),
            new("No promotion in progress", g.State != FailoverState.FailingOver,
                g.State == FailoverState.FailingOver ? "an automatic promotion is being carried out" : "none"),
        };
        var kind = targetId == g.PreferredPrimaryId && g.ActiveServerId != g.PreferredPrimaryId ? PromotionKind.Failback
            : primaryHealthy ? PromotionKind.Switchover : PromotionKind.Failover;
        checks.Add(new("Current primary", true, primaryHealthy
            ? "answers: it is demoted first, then the target promoted"
            : "does not answer: the target is promoted, the old primary demoted when it returns"));
        return new ManualPlan(kind, targetId, g.ActiveServerId, g.Epoch + 1, checks) { DemoteFirst = primaryHealthy };
    }
}
