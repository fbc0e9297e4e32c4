namespace McpConsole.Core.Alerts;

/// <summary>Alert kinds the console raises. Features that publish through AlertSignals use these names.</summary>
public static class AlertKinds
{
    public const string ServerDown = "ServerDown";
    public const string ServerDegraded = "ServerDegraded";
    public const string ServerUnauthorized = "ServerUnauthorized";
    public const string ServerMisconfigured = "ServerMisconfigured";
    public const string Failover = "Failover";
    public const string FailoverNoHealthyStandby = "FailoverNoHealthyStandby";
    public const string BackupFailed = "BackupFailed";
    public const string BackupTooOld = "BackupTooOld";
    public const string CatalogChanged = "CatalogChanged";
    public const string CostAboveThreshold = "CostAboveThreshold";

    // The console about itself (subject "console"), raised by its self-checks.
    public const string ConsoleProbingBehind = "ConsoleProbingBehind";
    public const string ConsoleWriterFailing = "ConsoleWriterFailing";
    public const string ConsoleJobStorageFailing = "ConsoleJobStorageFailing";
    public const string ConsoleSecretsUndecryptable = "ConsoleSecretsUndecryptable";
    public const string ConsoleDiskSpaceLow = "ConsoleDiskSpaceLow";
    public const string ConsoleChannelsFailing = "ConsoleChannelsFailing";

    public static readonly IReadOnlyList<string> ConsoleKinds =
        [ConsoleProbingBehind, ConsoleWriterFailing, ConsoleJobStorageFailing, ConsoleSecretsUndecryptable, ConsoleDiskSpaceLow, ConsoleChannelsFailing];

    public static readonly IReadOnlyList<string> All =
        [ServerDown, ServerDegraded, ServerUnauthorized, ServerMisconfigured, Failover, FailoverNoHealthyStandby, BackupFailed, BackupTooOld, CatalogChanged, CostAboveThreshold,
            .. ConsoleKinds];

    /// <summary>Kinds whose notices say CRITICAL: a group whose primary is down with nothing to promote serves nobody.</summary>
    public static bool IsCritical(string kind) => kind == FailoverNoHealthyStandby;

    /// <summary>What a rule of the kind watches, in an operator's words.</summary>
    public static string Describe(string kind) => kind switch
    {
        ServerDown => "A server is down",
        ServerDegraded => "A server is degraded (slow or partly failing)",
        ServerUnauthorized => "A server refuses the console's credentials",
        ServerMisconfigured => "A server cannot work as configured (command not found, bad URL, stored secrets undecryptable)",
        Failover => "A failover or fencing event (detected, promoted, fenced, failed back, promotion or fencing failed, operator action)",
        FailoverNoHealthyStandby => "A failover group's primary is down and no standby is healthy (critical)",
        BackupFailed => "A backup or its verification failed",
        BackupTooOld => "The last good backup of a plan is older than the plan allows",
        CatalogChanged => "A server's tool catalog changed",
        CostAboveThreshold => "A cost is above its threshold",
        ConsoleProbingBehind => "The console's probing has stalled or is behind",
        ConsoleWriterFailing => "The console cannot store probe results",
        ConsoleJobStorageFailing => "The console's job storage is not answering",
        ConsoleSecretsUndecryptable => "The console cannot decrypt stored server secrets (wrong master key)",
        ConsoleDiskSpaceLow => "Free disk space is low in the console's data or backups directory",
        ConsoleChannelsFailing => "Every enabled alert channel is failing",
        _ => kind,
    };
}

/// <summary>A rule: alerts of <paramref name="Kind"/> notify once they have fired for at least <paramref name="For"/>.</summary>
public sealed record AlertRule(string Kind, bool Enabled, TimeSpan For)
{
    /// <summary>Out-of-the-box rules: down 2 min, unauthorized and misconfigured 2 min, degraded 10 min; events and a group without a healthy standby at once.</summary>
    public static readonly IReadOnlyList<AlertRule> Defaults =
    [
        new(AlertKinds.ServerDown, true, TimeSpan.FromMinutes(2)),
        new(AlertKinds.ServerUnauthorized, true, TimeSpan.FromMinutes(2)),
        new(AlertKinds.ServerMisconfigured, true, TimeSpan.FromMinutes(2)),
        new(AlertKinds.ServerDegraded, true, TimeSpan.FromMinutes(10)),
        new(AlertKinds.Failover, true, TimeSpan.Zero),
        new(AlertKinds.FailoverNoHealthyStandby, true, TimeSpan.Zero),
        new(AlertKinds.BackupFailed, true, TimeSpan.Zero),
        new(AlertKinds.BackupTooOld, true, TimeSpan.Zero),
        new(AlertKinds.CatalogChanged, true, TimeSpan.Zero),
        new(AlertKinds.CostAboveThreshold, true, TimeSpan.Zero),
        // The self-checks wait before they fail (stalled after 1 min, overdue after interval x 2 + timeout): notify at once.
        .. AlertKinds.ConsoleKinds.Select(kind => new AlertRule(kind, true, TimeSpan.Zero)),
    ];
}

/// <summary>
/// One alert as the book tracks it. <paramref name="Key"/> de-duplicates (e.g. "server:12:ServerDown");
/// <paramref name="Subject"/> and <paramref name="Details"/> may hold server text: encode when rendering.
/// <paramref name="NoticeOwed"/>: its notice was due but no channel accepted it, so it must still be told even when the
/// alert resolves before a channel works again.
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
    bool ResolvedNotified = false,
    bool NoticeOwed = false)
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
        ? $"[FIRING:{Firing.Count}] {(AlertKinds.IsCritical(Kind) ? "CRITICAL " : "")}{Kind}" + (Resolved.Count > 0 ? $" ({Resolved.Count} resolved)" : "")
        : $"[RESOLVED:{Resolved.Count}] {Kind}";

    public string Severity => AlertKinds.IsCritical(Kind) ? "critical" : "warning";
}

/// <summary>What to send now and the alerts as they must be stored afterwards (notified times set, resolved ones dropped).</summary>
public sealed record AlertPlan(IReadOnlyList<AlertNotification> Notifications, IReadOnlyList<ActiveAlert> Updated);
