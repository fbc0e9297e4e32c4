namespace McpConsole.Core.Failover;

/// <summary>A standby of a group as the state machine sees it.</summary>
/// <param name="Healthy">Result of the last check.</param>
/// <param name="ConsecutiveSuccesses">Healthy checks in a row.</param>
/// <param name="NeedsFencing">A former primary not yet demoted at the group's epoch: never promoted, demoted when reachable.</param>
/// <param name="WasPrimary">Has been demoted by the console (needs a stable run before it is eligible again).</param>
public sealed record MemberStatus(int ServerId, bool Healthy = false, int ConsecutiveSuccesses = 0, bool NeedsFencing = false, bool WasPrimary = false)
{
    public bool IsEligible(FailoverPolicy policy) =>
        Healthy && !NeedsFencing && ConsecutiveSuccesses >= (WasPrimary ? policy.StableChecksBeforeEligible : 1);
}

/// <summary>Everything the decisions depend on. Immutable; the machine returns a new one.</summary>
/// <param name="Epoch">The group's generation: every promotion uses Epoch + 1, and an epoch is never reused.</param>
/// <param name="ActiveServerId">The server the group currently promotes as primary.</param>
/// <param name="PreferredPrimaryId">The primary the group was defined with (failback target).</param>
/// <param name="Standbys">Every member except the active one, in promotion order.</param>
public sealed record GroupSnapshot(
    FailoverState State,
    long Epoch,
    int ActiveServerId,
    int PreferredPrimaryId,
    int PrimaryFailures,
    IReadOnlyList<MemberStatus> Standbys)
{
    public static GroupSnapshot New(int primaryId, IEnumerable<int> standbyIds) =>
        new(FailoverState.Healthy, 0, primaryId, primaryId, 0, [.. standbyIds.Select(id => new MemberStatus(id))]);

    public MemberStatus? Standby(int serverId) => Standbys.FirstOrDefault(m => m.ServerId == serverId);
}

/// <summary>One round of checks: the active primary and each standby (missing = not answering).</summary>
/// <param name="PrimaryHealthy">The active server answers and still reports role primary (a restarted primary that
/// came back as standby does not count).</param>
/// <param name="ClaimingPrimary">Standbys whose own /role says primary: demoted at the group's epoch, never promoted
/// while they claim it (an old primary restarted by a supervisor with its original role).</param>
public sealed record CheckRound(bool PrimaryHealthy, IReadOnlyDictionary<int, bool> StandbyHealthy, IReadOnlySet<int>? ClaimingPrimary = null)
{
    public bool IsHealthy(int serverId) => StandbyHealthy.TryGetValue(serverId, out var ok) && ok;

    public bool ClaimsPrimary(int serverId) => ClaimingPrimary?.Contains(serverId) == true;
}
