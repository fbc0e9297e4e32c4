namespace McpConsole.Core.Alerts;

/// <summary>Alert kinds the console raises. Features that publish through AlertSignals use these names.</summary>
public static class AlertKinds
{
    public const string ServerDown = "ServerDown";
    public const string ServerDegraded = "ServerDegraded";
    public const string ServerUnauthorized = "ServerUnauthorized";
    public const string Failover = "Failover";
    public const string BackupFailed = "BackupFailed";
    public const string BackupTooOld = "BackupTooOld";
    public const string CatalogChanged = "CatalogChanged";
    public const string CostAboveThreshold = "CostAboveThreshold";

    public static readonly IReadOnlyList<string> All =
        [ServerDown, ServerDegraded, ServerUnauthorized, Failover, BackupFailed, BackupTooOld, CatalogChanged, CostAboveThreshold];
}

/// <summary>A rule: alerts of <paramref name="Kind"/> notify once they have fired for at least <paramref name="For"/>.</summary>
public sealed record AlertRule(string Kind, bool Enabled, TimeSpan For)
{
    /// <summary>Out-of-the-box rules: down 2 min, unauthorized 2 min, degraded 10 min; events at once.</summary>
    public static readonly IReadOnlyList<AlertRule> Defaults =
    [
        new(AlertKinds.ServerDown, true, TimeSpan.FromMinutes(2)),
        new(AlertKinds.ServerUnauthorized, true, TimeSpan.FromMinutes(2)),
        new(AlertKinds.ServerDegraded, true, TimeSpan.FromMinutes(10)),
        new(AlertKinds.Failover, true, TimeSpan.Zero),
        new(AlertKinds.BackupFailed, true, TimeSpan.Zero),
        new(AlertKinds.BackupTooOld, true, TimeSpan.Zero),
        new(AlertKinds.CatalogChanged, true, TimeSpan.Zero),
        new(AlertKinds.CostAboveThreshold, true, TimeSpan.Zero),
    ];
}

/// <summary>
/// One alert as the book tracks it. <paramref name="Key"/> de-duplicates (e.g. "server:12:ServerDown");
/// <paramref name="Subject"/> and <paramref name="Details"/> may hold server text: encode when rendering.
/// </summary>
public sealed record ActiveAlert(
    string Key,
    string Kind,
    string Subject,
    string? Group,
    string Details,
    DateTimeOffset Since,
    DateTimeOffset? LastNotifiedAt = null,
    DateTimeOffset? ResolvedAt = null,
    bool ResolvedNotified = false)
{
    public bool IsFiring => ResolvedAt is null;
}

/// <summary>Grouping and repeat settings. Defaults: wait 30 s to gather a group, repeat every 4 h.</summary>
public sealed record NotifyPolicy(TimeSpan GroupWait, TimeSpan RepeatInterval)
{
    public static readonly NotifyPolicy Default = new(TimeSpan.FromSeconds(30), TimeSpan.FromHours(4));
}

/// <summary>One message to send: every firing and newly resolved alert of one kind.</summary>
public sealed record AlertNotification(string Kind, IReadOnlyList<ActiveAlert> Firing, IReadOnlyList<ActiveAlert> Resolved)
{
    public string Title => Firing.Count > 0
        ? $"[FIRING:{Firing.Count}] {Kind}" + (Resolved.Count > 0 ? $" ({Resolved.Count} resolved)" : "")
        : $"[RESOLVED:{Resolved.Count}] {Kind}";
}

/// <summary>What to send now and the alerts as they must be stored afterwards (notified times set, resolved ones dropped).</summary>
public sealed record AlertPlan(IReadOnlyList<AlertNotification> Notifications, IReadOnlyList<ActiveAlert> Updated);
