namespace McpConsole.Core.Failover;

/// <summary>Where a failover group stands.</summary>
public enum FailoverState
{
    /// <summary>The preferred primary is active and answering.</summary>
    Healthy,

    /// <summary>The active primary failed at least one check, fewer than the policy's threshold.</summary>
    Suspect,

    /// <summary>A promotion has been decided and is being carried out.</summary>
    FailingOver,

    /// <summary>A standby is active (after a failover or switchover) and answering.</summary>
    FailedOver,

    /// <summary>The active primary is down and no standby is healthy: nothing was promoted (critical).</summary>
    DegradedNoStandby,
}

/// <summary>Why a promotion happens.</summary>
public enum PromotionKind
{
    /// <summary>The active primary is down.</summary>
    Failover,

    /// <summary>Both are healthy: the old primary is demoted first, then the standby promoted.</summary>
    Switchover,

    /// <summary>Back to the preferred primary.</summary>
    Failback,
}

/// <summary>Kinds of timeline events.</summary>
public enum FailoverEventKind
{
    Suspect,
    Recovered,
    Detected,
    Promoted,
    PromotionFailed,
    Fenced,
    FencingFailed,
    FailedBack,
    NoHealthyStandby,
    ManualAction,

    /// <summary>The group's transition command ran (exit code and output tail in the message).</summary>
    CommandRan,

    /// <summary>The group's webhook was not delivered (refused by the outbound policy, unanswered, or not 2xx).</summary>
    WebhookFailed,
}
