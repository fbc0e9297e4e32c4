using McpConsole.Core.Failover;

namespace McpConsole.Core.Tests.Failover;

public class ManualPlanTests
{
    private readonly GroupSnapshot _group = GroupSnapshot.New(1, [2]);

    [Fact]
    public void BothHealthy_IsSwitchover_DemotesFirst_AtNextEpoch()
    {
        var plan = ManualPlan.For(_group, 2, primaryHealthy: true, targetHealthy: true, FailoverPolicy.Default);
        Assert.Equal(PromotionKind.Switchover, plan.Kind);
        Assert.True(plan.Allowed);
        Assert.True(plan.DemoteFirst);
        Assert.Equal(1, plan.NewEpoch);
    }

    [Fact]
    public void PrimaryDown_IsFailover_PromoteThenFence()
    {
        var plan = ManualPlan.For(_group, 2, primaryHealthy: false, targetHealthy: true, FailoverPolicy.Default);
        Assert.Equal(PromotionKind.Failover, plan.Kind);
        Assert.True(plan.Allowed);
        Assert.False(plan.DemoteFirst);
    }

    [Fact]
    public void TargetDown_NotAllowed_SaysWhy()
    {
        var plan = ManualPlan.For(_group, 2, primaryHealthy: false, targetHealthy: false, FailoverPolicy.Default);
        Assert.False(plan.Allowed);
        Assert.Equal("did not answer within the timeout", Assert.Single(plan.Checks, c => !c.Passed).Detail);
    }

    [Fact]
    public void ActivePrimaryAsTarget_NotAllowed()
    {
        var plan = ManualPlan.For(_group, 1, true, true, FailoverPolicy.Default);
        Assert.False(plan.Allowed);
        Assert.Contains(plan.Checks, c => c.Detail == "already the active primary");
    }

    [Fact]
    public void BackToPreferred_IsFailback()
    {
        var failedOver = FailoverStateMachine.PromotionSucceeded(_group, new PromoteAction(2, 1, 1, PromotionKind.Failover), formerPrimaryDemoted: true);
        var plan = ManualPlan.For(failedOver, 1, primaryHealthy: true, targetHealthy: true, FailoverPolicy.Default);
        Assert.Equal(PromotionKind.Failback, plan.Kind);
        Assert.True(plan.Allowed);
        Assert.Equal(2, plan.NewEpoch);
    }

    [Fact]
    public void UnfencedFormerPrimary_NotAllowed()
    {
        var failedOver = FailoverStateMachine.PromotionSucceeded(_group, new PromoteAction(2, 1, 1, PromotionKind.Failover), formerPrimaryDemoted: false);
        var plan = ManualPlan.For(failedOver, 1, primaryHealthy: true, targetHealthy: true, FailoverPolicy.Default);
        Assert.False(plan.Allowed);
    }
}
