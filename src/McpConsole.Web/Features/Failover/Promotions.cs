using McpConsole.Core.Failover;

namespace McpConsole.Web.Features.Failover;

/// <summary>What a promotion attempt left behind: the new snapshot, its group version, and the steps for the timeline.</summary>
public sealed record PromotionOutcome(bool Promoted, GroupSnapshot Next, long Version, IReadOnlyList<TimelineEntry> Steps, string Message);

/// <summary>
/// Carries out a promotion whose epoch has already been claimed: POST /demote to the former primary first, then
/// POST /promote. Demoting first matters also for an automatic failover: a primary that failed its checks because it
/// was slow, not dead, still answers /demote, and promoting before that would leave two primaries for a moment. A
/// former primary that does not answer is demoted later by the checks when it returns. A promotion that fails after
/// the former primary was demoted re-promotes it at a fresh epoch, so the console never leaves the group without one.
/// </summary>
public sealed class Promotions(RoleClient roles, FailoverStore store, ILogger<Promotions> logger)
{
    public async Task<PromotionOutcome> RunAsync(int groupId, long version, GroupSnapshot claimed, PromoteAction p,
        IReadOnlyDictionary<int, Uri?> origins, TimeSpan timeout, CancellationToken ct)
    {
        var steps = new List<TimelineEntry>();
        var former = origins.GetValueOrDefault(p.FormerPrimaryId);
        var target = origins.GetValueOrDefault(p.ServerId);
        var demoted = former is not null && await FenceAsync(former, p.FormerPrimaryId, p.Epoch, timeout, steps, ct, quietWhenUnreachable: true);

        var reply = target is null ? RoleReply.Unreachable("no HTTP origin") : await roles.PromoteAsync(target, p.Epoch, timeout, ct);
        if (reply.Accepted && string.Equals(reply.Role, "primary", StringComparison.OrdinalIgnoreCase))
        {
            steps.Add(new(FailoverEventKind.Promoted, p.ServerId, p.Epoch, $"promoted to primary at epoch {p.Epoch} ({p.Kind.ToString().ToLowerInvariant()})"));
            if (p.Kind == PromotionKind.Failback)
                steps.Add(new(FailoverEventKind.FailedBack, p.ServerId, p.Epoch, "failed back to the preferred primary"));
            if (!demoted && !steps.Any(s => s.Kind == FailoverEventKind.FencingFailed))
                steps.Add(new(FailoverEventKind.FencingFailed, p.FormerPrimaryId, p.Epoch, "former primary not reachable: it is demoted when it answers again"));
            return new(true, FailoverStateMachine.PromotionSucceeded(claimed, p, demoted), version, steps, $"promoted at epoch {p.Epoch}");
        }

        var why = reply.Error ?? $"answered role {reply.Role}";
        logger.LogWarning("Promotion of server {ServerId} at epoch {Epoch} failed: {Reason}", p.ServerId, p.Epoch, why);
        steps.Add(new(FailoverEventKind.PromotionFailed, p.ServerId, p.Epoch, $"promotion refused or unanswered: {why}"));
        var next = FailoverStateMachine.PromotionFailed(claimed, p);
        if (demoted && former is not null)
            (next, version) = await RestoreFormerAsync(groupId, version, next, former, p.FormerPrimaryId, timeout, steps, ct);
        return new(false, next, version, steps, $"promotion failed: {why}");
    }

    /// <summary>Demotes a former primary at the group's epoch; null (nothing to record) while it does not answer.</summary>
    public async Task<TimelineEntry?> FenceReturnedAsync(Uri origin, FenceAction fence, TimeSpan timeout, CancellationToken ct, bool claimedPrimary = false)
    {
        var steps = new List<TimelineEntry>();
        await FenceAsync(origin, fence.ServerId, fence.Epoch, timeout, steps, ct, quietWhenUnreachable: true);
        if (steps.Count == 0)
            return null;
        var returned = claimedPrimary ? "standby reported primary (restarted with its start-up role?)" : "former primary returned";
        return steps[0] with { Message = steps[0].Kind == FailoverEventKind.Fenced ? $"{returned}: demoted to standby at epoch {fence.Epoch}" : steps[0].Message };
    }

    private async Task<(GroupSnapshot, long)> RestoreFormerAsync(int groupId, long version, GroupSnapshot g, Uri former, int formerId,
        TimeSpan timeout, List<TimelineEntry> steps, CancellationToken ct)
    {
        if (await store.TryClaimEpochAsync(groupId, g.Epoch, ct) is not { } claimed)
            return (g, version);
        var epoch = g.Epoch + 1;
        var reply = await roles.PromoteAsync(former, epoch, timeout, ct);
        steps.Add(reply.Accepted
            ? new(FailoverEventKind.Promoted, formerId, epoch, $"former primary restored at epoch {epoch} after the failed switchover")
            : new(FailoverEventKind.PromotionFailed, formerId, epoch, $"restoring the former primary failed: {reply.Error}", Critical: true));
        return (g with { Epoch = epoch }, claimed);
    }

    private async Task<bool> FenceAsync(Uri origin, int serverId, long epoch, TimeSpan timeout, List<TimelineEntry> steps,
        CancellationToken ct, bool quietWhenUnreachable = false)
    {
        var reply = await roles.DemoteAsync(origin, epoch, timeout, ct);
        if (reply.Accepted)
        {
            steps.Add(new(FailoverEventKind.Fenced, serverId, epoch, $"demoted to standby at epoch {epoch}"));
            return true;
        }
        if (!(quietWhenUnreachable && reply.Role is null))
            steps.Add(new(FailoverEventKind.FencingFailed, serverId, epoch, $"demotion failed: {reply.Error}"));
        return false;
    }
}
