namespace McpConsole.Core.Failover;

/// <summary>Something the runner must do against the servers.</summary>
public abstract record FailoverAction;

/// <summary>POST /promote on <paramref name="ServerId"/> at <paramref name="Epoch"/> (claim the epoch first).</summary>
public sealed record PromoteAction(int ServerId, long Epoch, int FormerPrimaryId, PromotionKind Kind) : FailoverAction;

/// <summary>POST /demote on a former primary at the group's current epoch.</summary>
public sealed record FenceAction(int ServerId, long Epoch) : FailoverAction;

/// <summary>A timeline entry produced by a decision.</summary>
public sealed record FailoverNotice(FailoverEventKind Kind, int? ServerId, string Message, bool Critical = false);

public sealed record FailoverDecision(GroupSnapshot Next, IReadOnlyList<FailoverAction> Actions, IReadOnlyList<FailoverNotice> Notices)
{
    public PromoteAction? Promotion => Actions.OfType<PromoteAction>().FirstOrDefault();
}
