namespace McpConsole.Core.Failover;

/// <summary>
/// The failover decisions, pure: a snapshot and a round of checks in, a new snapshot, actions and timeline notices out.
/// Never two primaries: only a healthy standby that is not awaiting fencing is promoted; a former primary is demoted
/// at the new epoch every round until it answers and must then be stable for
/// <see cref="FailoverPolicy.StableChecksBeforeEligible"/> checks before it can be promoted again, so a bouncing
/// primary causes at most one failover; with no eligible standby nothing is promoted and a critical notice is raised.
/// A standby that reports primary on its own (restarted with its original role) is demoted like an unfenced former
/// primary and is not a promotion candidate while it claims it.
/// </summary>
public static class FailoverStateMachine
{
    public static FailoverDecision Evaluate(GroupSnapshot group, CheckRound round, FailoverPolicy policy)
    {
        var standbys = group.Standbys.Select(m => Observe(m, round.IsHealthy(m.ServerId) && !round.ClaimsPrimary(m.ServerId))).ToList();
        var actions = new List<FailoverAction>();
        var notices = new List<FailoverNotice>();
        // Demote every unfenced former primary and every standby claiming primary each round, whether or not its MCP
        // endpoint answers yet: /demote is what stops it acting as primary. The runner skips servers that do not
        // answer. At epoch 0 nobody was promoted by the console yet and there is no epoch to demote at.
        if (group.Epoch >= 1)
        {
            foreach (var member in standbys.Where(m => m.NeedsFencing || round.ClaimsPrimary(m.ServerId)))
                actions.Add(new FenceAction(member.ServerId, group.Epoch));
        }

        var next = group with { Standbys = standbys };
        return round.PrimaryHealthy
            ? PrimaryAnswered(next, group.State, policy, actions, notices)
            : PrimaryFailed(next, group.State, policy, actions, notices);
    }

    private static FailoverDecision PrimaryAnswered(GroupSnapshot g, FailoverState before, FailoverPolicy policy,
        List<FailoverAction> actions, List<FailoverNotice> notices)
    {
        var settled = g.ActiveServerId == g.PreferredPrimaryId ? FailoverState.Healthy : FailoverState.FailedOver;
        if (before is FailoverState.Suspect or FailoverState.DegradedNoStandby or FailoverState.FailingOver)
            notices.Add(new FailoverNotice(FailoverEventKind.Recovered, g.ActiveServerId, "primary answers again"));
        g = g with { PrimaryFailures = 0, State = settled };

        var preferred = g.Standby(g.PreferredPrimaryId);
        if (policy.AutomaticFailback && preferred is not null && preferred.IsEligible(policy))
        {
            actions.Add(new PromoteAction(preferred.ServerId, g.Epoch + 1, g.ActiveServerId, PromotionKind.Failback));
            g = g with { State = FailoverState.FailingOver };
        }
        return new FailoverDecision(g, actions, notices);
    }

    private static FailoverDecision PrimaryFailed(GroupSnapshot g, FailoverState before, FailoverPolicy policy,
        List<FailoverAction> actions, List<FailoverNotice> notices)
    {
        var failures = g.PrimaryFailures + 1;
        g = g with { PrimaryFailures = failures };
        if (failures < policy.FailuresBeforeFailover)
        {
            if (before != FailoverState.Suspect)
                notices.Add(new FailoverNotice(FailoverEventKind.Suspect, g.ActiveServerId, $"primary failed a check ({failures} of {policy.FailuresBeforeFailover})"));
            return new FailoverDecision(g with { State = FailoverState.Suspect }, actions, notices);
        }

        var candidate = g.Standbys.FirstOrDefault(m => m.IsEligible(policy));
        if (candidate is null)
        {
            if (before != FailoverState.DegradedNoStandby)
                notices.Add(new FailoverNotice(FailoverEventKind.NoHealthyStandby, g.ActiveServerId,
                    $"primary down after {failures} failed checks and no standby is healthy: nothing promoted", Critical: true));
            return new FailoverDecision(g with { State = FailoverState.DegradedNoStandby }, actions, notices);
        }

        notices.Add(new FailoverNotice(FailoverEventKind.Detected, g.ActiveServerId, $"primary down after {failures} failed checks"));
        actions.Add(new PromoteAction(candidate.ServerId, g.Epoch + 1, g.ActiveServerId, PromotionKind.Failover));
        return new FailoverDecision(g with { State = FailoverState.FailingOver }, actions, notices);
    }

    /// <summary>The target answered /promote: it is the active server at the promotion's epoch; the old primary awaits fencing.</summary>
    public static GroupSnapshot PromotionSucceeded(GroupSnapshot g, PromoteAction promotion, bool formerPrimaryDemoted)
    {
        var former = new MemberStatus(promotion.FormerPrimaryId, Healthy: formerPrimaryDemoted, ConsecutiveSuccesses: formerPrimaryDemoted ? 1 : 0,
            NeedsFencing: !formerPrimaryDemoted, WasPrimary: true);
        var standbys = g.Standbys.Where(m => m.ServerId != promotion.ServerId && m.ServerId != promotion.FormerPrimaryId)
            .Prepend(former).ToList();
        // Promotion order: the preferred primary first (failback target), then the others as defined.
        standbys = [.. standbys.OrderBy(m => m.ServerId == g.PreferredPrimaryId ? 0 : 1)];
        var state = promotion.ServerId == g.PreferredPrimaryId ? FailoverState.Healthy : FailoverState.FailedOver;
        return g with { State = state, Epoch = Math.Max(g.Epoch, promotion.Epoch), ActiveServerId = promotion.ServerId, PrimaryFailures = 0, Standbys = standbys };
    }

    /// <summary>The promotion failed: its epoch stays consumed, and the primary is re-judged on the next check.</summary>
    public static GroupSnapshot PromotionFailed(GroupSnapshot g, PromoteAction promotion) =>
        g with
        {
            Epoch = Math.Max(g.Epoch, promotion.Epoch),
            State = g.PrimaryFailures > 0 ? FailoverState.Suspect : (g.ActiveServerId == g.PreferredPrimaryId ? FailoverState.Healthy : FailoverState.FailedOver),
            Standbys = [.. g.Standbys.Select(m => m.ServerId == promotion.ServerId ? m with { Healthy = false, ConsecutiveSuccesses = 0 } : m)],
        };

    /// <summary>A former primary answered /demote at the group's epoch: it is a plain standby from now on.</summary>
    public static GroupSnapshot Fenced(GroupSnapshot g, int serverId) =>
        g with { Standbys = [.. g.Standbys.Select(m => m.ServerId == serverId ? m with { NeedsFencing = false } : m)] };

    private static MemberStatus Observe(MemberStatus m, bool healthy) =>
        m with { Healthy = healthy, ConsecutiveSuccesses = healthy ? m.ConsecutiveSuccesses + 1 : 0 };
}
