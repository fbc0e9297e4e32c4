using McpConsole.Core.Alerts;
using McpConsole.Core.Failover;

namespace McpConsole.Core.Tests.Alerts;

public sealed class FailoverAlertRulesTests
{
    [Theory]
    [InlineData(FailoverEventKind.Detected)]
    [InlineData(FailoverEventKind.Promoted)]
    [InlineData(FailoverEventKind.PromotionFailed)]
    [InlineData(FailoverEventKind.Fenced)]
    [InlineData(FailoverEventKind.FencingFailed)]
    [InlineData(FailoverEventKind.FailedBack)]
    [InlineData(FailoverEventKind.ManualAction)]
    public void FailoverAndFencingSteps_AreFailoverAlerts(FailoverEventKind kind) =>
        Assert.Equal(AlertKinds.Failover, FailoverAlertRules.KindFor(kind));

    [Theory]
    [InlineData(FailoverEventKind.Suspect)]
    [InlineData(FailoverEventKind.Recovered)]
    [InlineData(FailoverEventKind.NoHealthyStandby)]
    public void SuspectRecoveredAndNoStandbyEvents_AreNotOneShotAlerts(FailoverEventKind kind) =>
        Assert.Null(FailoverAlertRules.KindFor(kind));

    [Fact]
    public void UnknownStoredEventName_IsIgnored() => Assert.Null(FailoverAlertRules.KindFor("Exploded"));

    [Fact]
    public void NoHealthyStandby_IsCritical_InTheTitle_ButOtherKindsAreNot()
    {
        var since = new DateTimeOffset(2026, 11, 25, 3, 0, 0, TimeSpan.Zero);
        var alert = new ActiveAlert("failover-group:1:no-healthy-standby", AlertKinds.FailoverNoHealthyStandby, "pay-primary", "pay", "nothing promoted", since);
        var critical = new AlertNotification(AlertKinds.FailoverNoHealthyStandby, [alert], []);
        var plain = new AlertNotification(AlertKinds.Failover, [alert with { Kind = AlertKinds.Failover }], []);

        Assert.Equal("[FIRING:1] CRITICAL FailoverNoHealthyStandby", critical.Title);
        Assert.Equal("critical", critical.Severity);
        Assert.Equal("[FIRING:1] Failover", plain.Title);
        Assert.Equal("warning", plain.Severity);
    }

    [Fact]
    public void EveryKind_HasARuleByDefault_AndADescription() =>
        Assert.All(AlertKinds.All, k =>
        {
            Assert.Contains(AlertRule.Defaults, r => r.Kind == k && r.Enabled);
            Assert.NotEqual(k, AlertKinds.Describe(k));
        });

    [Theory]
    [InlineData("automatic", "automatic")]
    [InlineData("operator:alice", "operator alice")]
    public void Trigger_ReadsAsWords(string stored, string shown) => Assert.Equal(shown, FailoverAlertRules.DescribeTrigger(stored));
}
