using McpConsole.Core.Alerts;
using Microsoft.Extensions.Time.Testing;

namespace McpConsole.Core.Tests.Alerts;

public sealed class AlertBookTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 3, 0, 0, TimeSpan.Zero));
    private readonly List<ActiveAlert> _alerts = [];
    private readonly List<Silence> _silences = [];

    private DateTimeOffset Now => _clock.GetUtcNow();

    private void Down(string server, string? group = null) =>
        _alerts.Add(new ActiveAlert($"server:{server}:{AlertKinds.ServerDown}", AlertKinds.ServerDown, server, group, "connection refused", Now));

    private void Resolve(string server)
    {
        var i = _alerts.FindIndex(a => a.Subject == server);
        _alerts[i] = _alerts[i] with { ResolvedAt = Now };
    }

    private IReadOnlyList<AlertNotification> Tick()
    {
        var plan = AlertBook.Plan(_alerts, AlertRule.Defaults, _silences, NotifyPolicy.Default, Now);
        _alerts.Clear();
        _alerts.AddRange(plan.Updated);
        return plan.Notifications;
    }

    [Fact]
    public void TenServersDownTogether_OneNotification_AfterRuleDurationAndGroupWait()
    {
        for (var i = 0; i < 10; i++)
        {
            Down($"srv-{i}");
            _clock.Advance(TimeSpan.FromSeconds(2));
        }

        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Empty(Tick()); // down for ~1 min: the 2 min rule has not elapsed

        _clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(5));
        Assert.Empty(Tick()); // eligible, but still within the 30 s group wait

        _clock.Advance(TimeSpan.FromSeconds(20));
        var sent = Assert.Single(Tick());
        Assert.Equal(10, sent.Firing.Count);
        Assert.Equal("[FIRING:10] ServerDown", sent.Title);

        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Empty(Tick()); // de-duplicated: nothing new, repeat not due
    }

    [Fact]
    public void StillDown_RepeatsEveryFourHours_NotBefore()
    {
        Down("alpha");
        _clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Single(Tick());

        _clock.Advance(TimeSpan.FromHours(4) - TimeSpan.FromMinutes(1));
        Assert.Empty(Tick());
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Single(Assert.Single(Tick()).Firing);
        _clock.Advance(TimeSpan.FromHours(1));
        Assert.Empty(Tick());
    }

    [Fact]
    public void NotifiedAlertResolves_ResolvedNoticeOnce_ThenForgotten()
    {
        Down("alpha");
        Down("beta");
        _clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(2, Assert.Single(Tick()).Firing.Count);

        Resolve("alpha");
        var notice = Assert.Single(Tick());
        Assert.Equal("alpha", Assert.Single(notice.Resolved).Subject);
        Assert.Equal("beta", Assert.Single(notice.Firing).Subject);
        Assert.DoesNotContain(_alerts, a => a.Subject == "alpha");

        _clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Empty(Tick());
    }

    [Fact]
    public void FlapShorterThanRule_NeverNotified_NoResolvedNotice()
    {
        Down("alpha");
        _clock.Advance(TimeSpan.FromMinutes(1));
        Resolve("alpha");
        Assert.Empty(Tick());
        Assert.Empty(_alerts);
    }

    [Fact]
    public void OwedNotice_AlertResolvedBeforeAnyChannelAcceptedIt_IsToldAsResolvedOnce()
    {
        Down("alpha");
        _clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Single(Tick());
        // No channel accepted it: the evaluator keeps the alert unnotified and marks it owed.
        _alerts[0] = _alerts[0] with { LastNotifiedAt = null, NoticeOwed = true };
        Resolve("alpha");

        var told = Assert.Single(Tick());
        Assert.Equal("[RESOLVED:1] ServerDown", told.Title);
        Assert.Equal("alpha", Assert.Single(told.Resolved).Subject);
        Assert.Empty(_alerts);
        Assert.Empty(Tick());
    }

    [Fact]
    public void ServerSilence_HoldsNotices_UntilExpiry_ThenNotifies()
    {
        _silences.Add(new Silence(SilenceScope.Server, "alpha", null, Now, Now + TimeSpan.FromHours(1)));
        Down("alpha");
        Down("beta");
        _clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal("beta", Assert.Single(Assert.Single(Tick()).Firing).Subject);

        _clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Empty(Tick());

        _clock.Advance(TimeSpan.FromMinutes(30)); // silence expired, alpha still down
        var afterExpiry = Assert.Single(Tick());
        Assert.Equal(["alpha", "beta"], afterExpiry.Firing.Select(a => a.Subject));
    }

    [Fact]
    public void GroupSilence_MatchesGroupCaseInsensitively_OtherGroupsStillNotify()
    {
        _silences.Add(new Silence(SilenceScope.Group, "Payments", null, Now, Now + TimeSpan.FromHours(2)));
        Down("pay-1", "payments");
        Down("pay-2", "payments");
        Down("search-1", "search");
        _clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(["search-1"], Assert.Single(Tick()).Firing.Select(a => a.Subject));
    }

    [Fact]
    public void Silence_OfOtherKind_DoesNotApply_AndExpiredSilenceNeverMatches()
    {
        var alert = new ActiveAlert("k", AlertKinds.ServerDown, "alpha", null, "", Now);
        Assert.False(new Silence(SilenceScope.All, null, AlertKinds.CatalogChanged, Now, Now.AddHours(1)).Matches(alert, Now));
        Assert.True(new Silence(SilenceScope.All, null, AlertKinds.ServerDown, Now, Now.AddHours(1)).Matches(alert, Now));
        Assert.False(new Silence(SilenceScope.All, null, null, Now.AddHours(-2), Now.AddHours(-1)).Matches(alert, Now));
        Assert.False(new Silence(SilenceScope.All, null, null, Now.AddHours(1), Now.AddHours(2)).Matches(alert, Now));
    }

    [Fact]
    public void Silence_Validate_ExplainsEachProblem()
    {
        Assert.Empty(Silence.Validate(SilenceScope.Server, "alpha", Now, Now.AddHours(1), Now));
        Assert.Contains("needs the server or group name", Assert.Single(Silence.Validate(SilenceScope.Group, " ", Now, Now.AddHours(1), Now)));
        Assert.Contains(Silence.Validate(SilenceScope.All, null, Now, Now.AddHours(-1), Now), e => e.Contains("end after it starts"));
        Assert.Contains("at most 90 days", Assert.Single(Silence.Validate(SilenceScope.All, null, Now, Now.AddDays(91), Now)));
    }

    [Fact]
    public void EventKind_NotifiesAfterGroupWait_AndRaiseKeepsStartOfFiringAlert()
    {
        var first = new ActiveAlert("catalog:1", AlertKinds.CatalogChanged, "alpha", null, "+search", Now);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var again = AlertBook.Raise(first, first with { Since = Now, Details = "+search -fetch" });
        Assert.Equal(first.Since, again.Since);
        Assert.Equal("+search -fetch", again.Details);
        _alerts.Add(again);
        Assert.Single(Tick());
    }

    [Fact]
    public void DisabledRule_NeverNotifies()
    {
        var rules = AlertRule.Defaults.Select(r => r.Kind == AlertKinds.ServerDown ? r with { Enabled = false } : r).ToList();
        Down("alpha");
        _clock.Advance(TimeSpan.FromHours(5));
        Assert.Empty(AlertBook.Plan(_alerts, rules, [], NotifyPolicy.Default, Now).Notifications);
    }
}
