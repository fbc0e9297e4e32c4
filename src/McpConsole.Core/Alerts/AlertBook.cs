namespace McpConsole.Core.Alerts;

/// <summary>
/// The pure alerting decision, evaluated on every tick: which alerts are due, grouped one message per kind.
/// <list type="bullet">
/// <item>An alert is eligible once it has fired for its rule's <c>For</c> and no active silence matches it.</item>
/// <item>A kind group is sent when an eligible alert was never notified and the group wait has passed since it became
/// eligible (so ten servers going down together make one mail), when the repeat interval has passed since an alert's
/// last notice, or when a notified alert has resolved (the resolved notice).</item>
/// <item>A sent message carries every eligible firing alert of its kind, so their repeat timers line up.</item>
/// <item>Alerts that resolve before ever being notified are dropped silently; so are resolved alerts once noticed. The
/// exception: an alert whose notice was owed (due, but no channel accepted it) is told as resolved, so a channel outage
/// never hides that a server was down.</item>
/// </list>
/// </summary>
public static class AlertBook
{
    public static AlertPlan Plan(
        IReadOnlyList<ActiveAlert> alerts,
        IReadOnlyList<AlertRule> rules,
        IReadOnlyList<Silence> silences,
        NotifyPolicy policy,
        DateTimeOffset now)
    {
        var notifications = new List<AlertNotification>();
        var updated = new List<ActiveAlert>();
        foreach (var group in alerts.GroupBy(a => a.Kind, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var rule = rules.FirstOrDefault(r => r.Kind == group.Key) ?? new AlertRule(group.Key, true, TimeSpan.Zero);
            var eligible = group.Where(a => a.IsFiring && IsEligible(a, rule, silences, now)).ToList();
            var resolvedDue = group.Where(a => !a.IsFiring && (a.LastNotifiedAt is not null ? !a.ResolvedNotified : a.NoticeOwed)
                && !silences.Any(s => s.Matches(a, now))).ToList();

            var newDue = eligible.Any(a => a.LastNotifiedAt is null && a.Since + rule.For + policy.GroupWait <= now);
            var repeatDue = eligible.Any(a => a.LastNotifiedAt is { } last && now - last >= policy.RepeatInterval);
            var send = rule.Enabled && (newDue || repeatDue || resolvedDue.Count > 0);

            if (send)
            {
                notifications.Add(new AlertNotification(group.Key,
                    [.. eligible.OrderBy(a => a.Subject, StringComparer.OrdinalIgnoreCase)],
                    [.. resolvedDue.OrderBy(a => a.Subject, StringComparer.OrdinalIgnoreCase)]));
            }

            foreach (var alert in group)
            {
                if (!alert.IsFiring)
                {
                    // Kept only while a resolved notice is still owed (e.g. behind a silence or a disabled rule).
                    var owed = (alert.LastNotifiedAt is not null ? !alert.ResolvedNotified : alert.NoticeOwed) && !(send && resolvedDue.Contains(alert));
                    if (owed && rule.Enabled)
                        updated.Add(alert);
                    continue;
                }

                updated.Add(send && eligible.Contains(alert) ? alert with { LastNotifiedAt = now } : alert);
            }
        }

        return new AlertPlan(notifications, updated);
    }

    /// <summary>Raises or refreshes an alert: an existing firing alert with the same key keeps its start time.</summary>
    public static ActiveAlert Raise(ActiveAlert? existing, ActiveAlert incoming) =>
        existing is { IsFiring: true } ? existing with { Subject = incoming.Subject, Group = incoming.Group, Details = incoming.Details } : incoming;

    private static bool IsEligible(ActiveAlert alert, AlertRule rule, IReadOnlyList<Silence> silences, DateTimeOffset now) =>
        rule.Enabled && now - alert.Since >= rule.For && !silences.Any(s => s.Matches(alert, now));
}
