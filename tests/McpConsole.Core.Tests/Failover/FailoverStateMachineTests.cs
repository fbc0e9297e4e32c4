using McpConsole.Core.Failover;
using Microsoft.Extensions.Time.Testing;

namespace McpConsole.Core.Tests.Failover;

public class FailoverStateMachineTests
{
    private const int Primary = 1, Standby = 2, Third = 3;
    private static readonly FailoverPolicy _policy = FailoverPolicy.Default;

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private readonly List<FailoverNotice> _timeline = [];
    private readonly List<(DateTimeOffset At, PromoteAction Action)> _promotions = [];
    private readonly List<FenceAction> _fences = [];
    private GroupSnapshot _group = GroupSnapshot.New(Primary, [Standby]);

    /// <summary>One check round at the fake clock's time; promotions and fences succeed like a real runner's would.</summary>
    private FailoverDecision Tick(bool primary, params int[] healthyStandbys)
    {
        var decision = FailoverStateMachine.Evaluate(_group, new CheckRound(primary, healthyStandbys.ToDictionary(id => id, _ => true)), _policy);
        _group = decision.Next;
        _timeline.AddRange(decision.Notices);
        // A fence reaches only a server that answers (the runner skips the others).
        foreach (var fence in decision.Actions.OfType<FenceAction>().Where(f => healthyStandbys.Contains(f.ServerId)))
        {
            _fences.Add(fence);
            _group = FailoverStateMachine.Fenced(_group, fence.ServerId);
        }
        if (decision.Promotion is { } promote)
        {
            _promotions.Add((_clock.GetUtcNow(), promote));
            _group = FailoverStateMachine.PromotionSucceeded(_group, promote, formerPrimaryDemoted: false);
        }
        _clock.Advance(_policy.CheckInterval);
        return decision;
    }

    [Fact]
    public void HealthyPrimary_StaysHealthy_NothingPromoted()
    {
        for (var i = 0; i < 10; i++)
            Tick(primary: true, Standby);
        Assert.Equal(FailoverState.Healthy, _group.State);
        Assert.Empty(_promotions);
        Assert.Empty(_timeline);
    }

    [Fact]
    public void PrimaryDown_PromotesStandbyAtThirdFailure_WithinIntervalTimesThreshold()
    {
        Tick(true, Standby);
        var firstFailure = _clock.GetUtcNow();
        Assert.Equal(FailoverState.Suspect, Tick(false, Standby).Next.State);
        Assert.Equal(FailoverState.Suspect, Tick(false, Standby).Next.State);
        var decision = Tick(false, Standby);

        Assert.Equal(FailoverState.FailingOver, decision.Next.State);
        var (at, promote) = Assert.Single(_promotions);
        Assert.Equal(new PromoteAction(Standby, 1, Primary, PromotionKind.Failover), promote);
        Assert.True(at - firstFailure <= _policy.DetectionBound, $"decided after {at - firstFailure}");
        Assert.Equal(FailoverState.FailedOver, _group.State);
        Assert.Equal(Standby, _group.ActiveServerId);
        Assert.Equal(1, _group.Epoch);
        Assert.Equal([FailoverEventKind.Suspect, FailoverEventKind.Detected], _timeline.Select(n => n.Kind));
    }

    [Fact]
    public void PrimaryRecoversBeforeThreshold_BackToHealthy_NoPromotion()
    {
        Tick(false, Standby);
        Tick(false, Standby);
        var decision = Tick(true, Standby);
        Assert.Equal(FailoverState.Healthy, decision.Next.State);
        Assert.Equal(0, decision.Next.PrimaryFailures);
        Assert.Empty(_promotions);
        Assert.Contains(_timeline, n => n.Kind == FailoverEventKind.Recovered);
    }

    [Fact]
    public void NoHealthyStandby_NothingPromoted_OneCriticalNotice()
    {
        for (var i = 0; i < 8; i++)
            Tick(false);
        Assert.Equal(FailoverState.DegradedNoStandby, _group.State);
        Assert.Empty(_promotions);
        var critical = Assert.Single(_timeline, n => n.Critical);
        Assert.Equal(FailoverEventKind.NoHealthyStandby, critical.Kind);
    }

    [Fact]
    public void DegradedNoStandby_StandbyReturns_PromotedOnNextCheck()
    {
        for (var i = 0; i < 4; i++)
            Tick(false);
        Tick(false, Standby);
        Assert.Equal(Standby, Assert.Single(_promotions).Action.ServerId);
        Assert.Equal(FailoverState.FailedOver, _group.State);
    }

    [Fact]
    public void FormerPrimaryReturns_FencedAtNewEpoch_NeverPromotedWhileUnfenced()
    {
        for (var i = 0; i < 3; i++)
            Tick(false, Standby);
        Assert.True(_group.Standby(Primary)!.NeedsFencing);

        Tick(true, Primary);   // the new primary (Standby) answers; the old primary is back
        var fence = Assert.Single(_fences);
        Assert.Equal(new FenceAction(Primary, 1), fence);
        Assert.False(_group.Standby(Primary)!.NeedsFencing);
        Assert.Equal(Standby, _group.ActiveServerId);
    }

    [Fact]
    public void UnfencedFormerPrimary_FenceRequestedEveryRoundUntilItAnswers()
    {
        for (var i = 0; i < 3; i++)
            Tick(false, Standby);
        var decision = Tick(true);
        Assert.Equal([new FenceAction(Primary, 1)], decision.Actions);
        decision = Tick(true);
        Assert.Equal([new FenceAction(Primary, 1)], decision.Actions);
        Assert.Empty(_fences);
    }

    [Fact]
    public void FencedFormerPrimaryRestartedClaimingPrimary_DemotedAgainAtGroupEpoch_NotPromotedWhileItClaims()
    {
        for (var i = 0; i < 3; i++)
            Tick(false, Standby);
        Tick(true, Primary);
        Assert.False(_group.Standby(Primary)!.NeedsFencing);

        // A supervisor restarts it with its original role: it answers and says primary.
        var claims = new CheckRound(false, new Dictionary<int, bool> { [Primary] = true }, new HashSet<int> { Primary });
        for (var i = 0; i < 3; i++)
        {
            var decision = FailoverStateMachine.Evaluate(_group, claims, _policy);
            Assert.Equal([new FenceAction(Primary, 1)], decision.Actions);
            _group = decision.Next;
        }
        // The active primary failed three checks meanwhile, but the only other member claims primary: nothing promoted.
        Assert.Equal(FailoverState.DegradedNoStandby, _group.State);
        Assert.Equal(0, _group.Standby(Primary)!.ConsecutiveSuccesses);
    }

    [Fact]
    public void StandbyClaimingPrimaryAtEpochZero_NoEpochToDemoteAt_NotPromoted()
    {
        var claims = new CheckRound(false, new Dictionary<int, bool> { [Standby] = true }, new HashSet<int> { Standby });
        for (var i = 0; i < 3; i++)
        {
            var decision = FailoverStateMachine.Evaluate(_group, claims, _policy);
            Assert.Empty(decision.Actions);
            _group = decision.Next;
        }
        Assert.Equal(FailoverState.DegradedNoStandby, _group.State);
        Assert.Equal(0, _group.Epoch);
    }

    [Fact]
    public void UnfencedFormerPrimary_IsNotACandidate_WhenNewPrimaryDies()
    {
        for (var i = 0; i < 3; i++)
            Tick(false, Standby);
        // The old primary is unreachable while the new one dies: no candidate, nothing promoted.
        for (var i = 0; i < 3; i++)
            Tick(false);
        Assert.Single(_promotions);
        Assert.Equal(FailoverState.DegradedNoStandby, _group.State);
    }

    [Fact]
    public void FlappingPrimary_CausesAtMostOneFailover()
    {
        // Primary bounces: down three checks, up one, down three... for five minutes, standby always healthy.
        for (var cycle = 0; cycle < 8; cycle++)
        {
            for (var i = 0; i < 3; i++)
                Tick(_group.ActiveServerId == Standby, _group.ActiveServerId == Standby ? [] : [Standby]);
            Tick(true, _group.ActiveServerId == Standby ? [Primary] : [Standby]);
        }
        Assert.Single(_promotions);
        Assert.Equal(Standby, _group.ActiveServerId);
    }

    [Fact]
    public void BouncingBelowThreshold_NeverFailsOver()
    {
        for (var i = 0; i < 30; i++)
            Tick(i % 3 != 2 ? i % 2 == 0 : true, Standby);
        Assert.Empty(_promotions);
    }

    [Fact]
    public void FencedFormerPrimary_EligibleOnlyAfterStableChecks()
    {
        for (var i = 0; i < 3; i++)
            Tick(false, Standby);
        Tick(true, Primary); // fenced, 1 stable check
        // New primary dies right away: the former primary has not been stable long enough.
        Tick(false, Primary);
        Tick(false, Primary);
        Assert.Single(_promotions);
        Tick(false, Primary); // 4th stable check of Primary, 3rd failure of Standby
        Assert.Equal(2, _promotions.Count);
        Assert.Equal(new PromoteAction(Primary, 2, Standby, PromotionKind.Failover), _promotions[1].Action);
        Assert.Equal(FailoverState.Healthy, _group.State);
    }

    [Fact]
    public void EpochsStrictlyIncrease_AlsoAcrossFailedPromotions()
    {
        for (var i = 0; i < 2; i++)
            Tick(false, Standby);
        var decision = FailoverStateMachine.Evaluate(_group, new CheckRound(false, new Dictionary<int, bool> { [Standby] = true }), _policy);
        var promote = decision.Promotion!;
        _group = FailoverStateMachine.PromotionFailed(decision.Next, promote);
        Assert.Equal(1, _group.Epoch);
        Assert.Equal(FailoverState.Suspect, _group.State);

        decision = FailoverStateMachine.Evaluate(_group, new CheckRound(false, new Dictionary<int, bool> { [Standby] = true }), _policy);
        Assert.Equal(2, decision.Promotion!.Epoch);
    }

    [Fact]
    public void PicksFirstHealthyStandbyInOrder()
    {
        _group = GroupSnapshot.New(Primary, [Standby, Third]);
        for (var i = 0; i < 3; i++)
            Tick(false, Third);
        Assert.Equal(Third, Assert.Single(_promotions).Action.ServerId);
    }

    [Fact]
    public void AutomaticFailbackOff_StaysFailedOver()
    {
        for (var i = 0; i < 3; i++)
            Tick(false, Standby);
        for (var i = 0; i < 10; i++)
            Tick(true, Primary);
        Assert.Single(_promotions);
        Assert.Equal(FailoverState.FailedOver, _group.State);
    }

    [Fact]
    public void AutomaticFailbackOn_FailsBackAfterFormerPrimaryIsStable()
    {
        var policy = _policy with { AutomaticFailback = true };
        var group = GroupSnapshot.New(Primary, [Standby]);
        for (var i = 0; i < 3; i++)
            group = Apply(FailoverStateMachine.Evaluate(group, Round(false, Standby), policy), ref group);
        Assert.Equal(Standby, group.ActiveServerId);

        PromoteAction? failback = null;
        for (var i = 0; i < 5 && failback is null; i++)
        {
            var d = FailoverStateMachine.Evaluate(group, Round(true, Primary), policy);
            group = d.Next;
            foreach (var f in d.Actions.OfType<FenceAction>())
                group = FailoverStateMachine.Fenced(group, f.ServerId);
            failback = d.Promotion;
            if (failback is not null)
                Assert.Equal(2, i); // third stable check
        }
        Assert.Equal(new PromoteAction(Primary, 2, Standby, PromotionKind.Failback), failback);
        group = FailoverStateMachine.PromotionSucceeded(group, failback!, formerPrimaryDemoted: true);
        Assert.Equal(FailoverState.Healthy, group.State);
        Assert.Equal(Primary, group.ActiveServerId);
    }

    [Fact]
    public void Policy_DefaultsAndValidation()
    {
        Assert.Equal(TimeSpan.FromSeconds(10), _policy.CheckInterval);
        Assert.Equal(3, _policy.FailuresBeforeFailover);
        Assert.False(_policy.AutomaticFailback);
        Assert.Empty(_policy.Validate());
        Assert.Contains("failures before failover must be between 1 and 100", (_policy with { FailuresBeforeFailover = 0 }).Validate());
        Assert.Contains("timeout must not exceed the check interval", (_policy with { Timeout = TimeSpan.FromSeconds(30) }).Validate());
    }

    private static GroupSnapshot Apply(FailoverDecision d, ref GroupSnapshot group)
    {
        group = d.Next;
        return d.Promotion is { } p ? FailoverStateMachine.PromotionSucceeded(group, p, false) : group;
    }

    private static CheckRound Round(bool primary, params int[] healthy) => new(primary, healthy.ToDictionary(id => id, _ => true));
}
