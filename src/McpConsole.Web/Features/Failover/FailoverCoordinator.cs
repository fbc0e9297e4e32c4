using McpConsole.Core.Failover;
using McpConsole.Web.Features.Audit;

namespace McpConsole.Web.Features.Failover;

public enum ManualOutcome { Done, Refused, Conflict, NotFound, Failed }

/// <summary>The answer to a press of the failover button (or its API).</summary>
public sealed record ManualResult(ManualOutcome Outcome, string Message, ManualPlan? Plan = null);

/// <summary>A previewed manual action with the server names, for the confirmation dialog.</summary>
public sealed record ManualPreview(ManualPlan Plan, string TargetName, string FormerPrimaryName, long ExpectedEpoch);

/// <summary>
/// Runs a group's checks and decisions (from the job) and operators' promotions. Both claim the next epoch in the
/// database before calling /promote, so an operator and the job deciding at the same moment produce one promotion.
/// </summary>
public sealed class FailoverCoordinator(
    FailoverStore store, MemberChecks checks, Promotions promotions, FailoverTimeline timeline, AuditLog audit, TimeProvider clock, ILogger<FailoverCoordinator> logger)
{
    /// <summary>One round for one group: fresh checks, the state machine, then fencing and promotion as decided.</summary>
    public async Task RunCheckAsync(int groupId, CancellationToken ct)
    {
        var group = await store.LoadAsync(groupId, ct);
        if (group is null || !group.Enabled || PromotionInFlight(group))
            return;
        var policy = group.Policy;
        var snapshot = FailoverStore.ToSnapshot(group);
        var results = ActiveMustBePrimary(await checks.CheckAsync(group.Members.Select(m => m.ServerId).Append(group.ActiveServerId), policy.Timeout, ct), group.ActiveServerId);
        var standbyChecks = results.Values.Where(r => r.ServerId != group.ActiveServerId).ToList();
        var round = new CheckRound(results.GetValueOrDefault(group.ActiveServerId)?.Healthy == true,
            standbyChecks.ToDictionary(r => r.ServerId, r => r.Healthy),
            standbyChecks.Where(r => r.ClaimsPrimary).Select(r => r.ServerId).ToHashSet());
        var decision = FailoverStateMachine.Evaluate(snapshot, round, policy);
        var steps = decision.Notices.Select(n => new TimelineEntry(n.Kind, n.ServerId, snapshot.Epoch, n.Message, n.Critical)).ToList();
        var next = decision.Next;
        var version = group.Version;
        var origins = results.ToDictionary(r => r.Key, r => r.Value.Origin);

        foreach (var fence in decision.Actions.OfType<FenceAction>())
        {
            if (origins.GetValueOrDefault(fence.ServerId) is not { } origin)
                continue;
            var reply = await promotions.FenceReturnedAsync(origin, fence, policy.Timeout, ct, claimedPrimary: results[fence.ServerId].ClaimsPrimary);
            if (reply is not null)
                steps.Add(reply);
            if (reply?.Kind == FailoverEventKind.Fenced)
                next = FailoverStateMachine.Fenced(next, fence.ServerId);
        }

        if (decision.Promotion is { } promote)
        {
            if (await store.TryClaimEpochAsync(groupId, snapshot.Epoch, ct) is not { } claimed)
            {
                logger.LogInformation("Group {GroupId}: another decision claimed epoch {Epoch} first; this round's decision is dropped", groupId, promote.Epoch);
                return;
            }
            var outcome = await promotions.RunAsync(groupId, claimed, next, promote, origins, policy.Timeout, ct);
            steps.AddRange(outcome.Steps);
            (next, version) = (outcome.Next, outcome.Version);
        }

        if (!await store.TrySaveAsync(groupId, version, next, results, scheduleNext: true, ct))
        {
            logger.LogInformation("Group {GroupId} changed during its check; the round's results are dropped", groupId);
            return;
        }
        group.State = next.State.ToString();
        group.Epoch = next.Epoch;
        group.ActiveServerId = next.ActiveServerId;
        await timeline.RecordAsync(group, FailoverTimeline.Automatic, steps, ct, previousActiveId: snapshot.ActiveServerId);
    }

    /// <summary>What pressing the button for <paramref name="targetId"/> would do, from fresh checks. Changes nothing.</summary>
    public async Task<ManualPreview?> PreviewAsync(int groupId, int targetId, CancellationToken ct)
    {
        var group = await store.LoadAsync(groupId, ct);
        if (group is null)
            return null;
        var plan = await PlanAsync(group, targetId, ct);
        var names = await store.ServerNamesAsync([targetId, group.ActiveServerId], ct);
        return new ManualPreview(plan, names.GetValueOrDefault(targetId, $"#{targetId}"), names.GetValueOrDefault(group.ActiveServerId, $"#{group.ActiveServerId}"), group.Epoch);
    }

    /// <summary>
    /// An operator's switchover, failover or failback to <paramref name="targetId"/>. Refused when a pre-check fails,
    /// or when the group moved past <paramref name="expectedEpoch"/> since the operator's preview.
    /// </summary>
    public async Task<ManualResult> ExecuteAsync(int groupId, int targetId, long? expectedEpoch, string actor, CancellationToken ct)
    {
        var group = await store.LoadAsync(groupId, ct);
        if (group is null)
            return new(ManualOutcome.NotFound, "no such failover group");
        if (expectedEpoch is { } expected && expected != group.Epoch)
            return await RefusedAsync(group, actor, targetId, new(ManualOutcome.Conflict, $"the group changed since the preview (epoch {expected} -> {group.Epoch}); nothing was done, review again"), ct);
        var plan = await PlanAsync(group, targetId, ct);
        if (!plan.Allowed)
            return await RefusedAsync(group, actor, targetId, new(ManualOutcome.Refused,
                "a pre-check failed; nothing was done: " + string.Join("; ", plan.Checks.Where(c => !c.Passed).Select(c => $"{c.Name}: {c.Detail}")), plan), ct);

        var snapshot = FailoverStore.ToSnapshot(group);
        if (await store.TryClaimEpochAsync(groupId, snapshot.Epoch, ct) is not { } claimed)
            return await RefusedAsync(group, actor, targetId, new(ManualOutcome.Conflict, "another promotion (automatic or by another operator) happened first; nothing was done", plan), ct);

        var trigger = FailoverTimeline.Operator(actor);
        var steps = new List<TimelineEntry> { new(FailoverEventKind.ManualAction, targetId, plan.NewEpoch, $"{plan.Kind.ToString().ToLowerInvariant()} requested by {actor}") };
        var origins = new Dictionary<int, Uri?>
        {
            [targetId] = await checks.OriginOfAsync(targetId, ct),
            [group.ActiveServerId] = await checks.OriginOfAsync(group.ActiveServerId, ct),
        };
        var outcome = await promotions.RunAsync(groupId, claimed, snapshot, plan.ToAction(), origins, group.Policy.Timeout, ct);
        steps.AddRange(outcome.Steps);
        if (!await store.TrySaveAsync(groupId, outcome.Version, outcome.Next, null, scheduleNext: false, ct))
            logger.LogWarning("Group {GroupId}: the manual promotion's snapshot could not be saved (group changed)", groupId);
        group.State = outcome.Next.State.ToString();
        group.Epoch = outcome.Next.Epoch;
        group.ActiveServerId = outcome.Next.ActiveServerId;
        await timeline.RecordAsync(group, trigger, steps, ct, previousActiveId: snapshot.ActiveServerId);
        return outcome.Promoted ? new(ManualOutcome.Done, outcome.Message, plan) : new(ManualOutcome.Failed, outcome.Message, plan);
    }

    /// <summary>A press of the button that did nothing is audited too: who tried what, and why it was refused.</summary>
    private async Task<ManualResult> RefusedAsync(FailoverGroup group, string actor, int targetId, ManualResult result, CancellationToken ct)
    {
        await audit.RecordAsync(new AuditRecord(actor, "failover.manualRefused", $"group {group.Name}",
            $"promotion of server #{targetId} not done: {result.Message}", Succeeded: false), ct);
        return result;
    }

    /// <summary>
    /// The active server counts as healthy only while it also reports primary: one that restarted and came back as
    /// standby (or at another role) serves no writes, so it fails its check like a dead one would.
    /// </summary>
    private static Dictionary<int, MemberCheck> ActiveMustBePrimary(IReadOnlyDictionary<int, MemberCheck> results, int activeId)
    {
        var copy = results.ToDictionary();
        if (copy.GetValueOrDefault(activeId) is { Healthy: true, ClaimsPrimary: false } active)
            copy[activeId] = active with { Healthy = false, Error = $"answers but reports role {active.Role} at epoch {active.RoleEpoch} instead of primary (restarted?)" };
        return copy;
    }

    /// <summary>
    /// A claimed promotion is being carried out by someone else: the round must not decide on top of it. A claim
    /// older than two minutes is a promoter that died midway; the checks then take over again.
    /// </summary>
    private bool PromotionInFlight(FailoverGroup g) =>
        g.State == nameof(FailoverState.FailingOver) && clock.GetUtcNow() - g.StateSince < TimeSpan.FromMinutes(2);

    private async Task<ManualPlan> PlanAsync(FailoverGroup group, int targetId, CancellationToken ct)
    {
        var results = await checks.CheckAsync([group.ActiveServerId, targetId], group.Policy.Timeout, ct);
        return ManualPlan.For(FailoverStore.ToSnapshot(group), targetId,
            results.GetValueOrDefault(group.ActiveServerId)?.Healthy == true, results.GetValueOrDefault(targetId)?.Healthy == true, group.Policy);
    }
}
